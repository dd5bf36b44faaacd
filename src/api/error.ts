export { VirError, ErrorCode, ErrorDomain, ErrorLevel, formatMessage } from '../util/error.js';
export type { VirErrorFields } from '../util/error.js';
