// virConnectGetAllDomainStats / virDomainListGetStats for the test driver
// (testConnectGetAllDomainStats): the state group and the IOThread group are all it reports.
import type { DomainRef } from '../../driver/refs.js';
import { TypedParamType, type DomainStatsRecord, type TypedParam } from '../../driver/types.js';
import { ErrorCode } from '../../util/error.js';
import { checkFlags, report } from './test-domain.js';
import type { DomainObj } from './test-domain.js';
import { matchesListFlags } from './test-domain-lifecycle.js';
import type { TestState } from './test-state.js';

/** virDomainStatsTypes the test driver fills. */
const STATS_STATE = 0x1;
const STATS_IOTHREAD = 0x80;
const SUPPORTED = STATS_STATE | STATS_IOTHREAD;
/** The list filters (active, persistent, state) that select domains. */
const FILTERS = 0x3 | 0xc | 0xf0;
const NOWAIT = 1 << 29;
const BACKING = 1 << 30;
const ENFORCE = 1 << 31;

function stateStats(obj: DomainObj): TypedParam[] {
  return [
    { field: 'state.state', type: TypedParamType.Int, value: obj.state },
    { field: 'state.reason', type: TypedParamType.Int, value: obj.reason },
  ];
}

function iothreadStats(obj: DomainObj): TypedParam[] {
  if (!obj.isActive() || obj.iothreads.length === 0) return [];
  const out: TypedParam[] = [{ field: 'iothread.count', type: TypedParamType.UInt, value: obj.iothreads.length }];
  for (const t of obj.iothreads) {
    out.push({ field: `iothread.${t.id}.poll-max-ns`, type: TypedParamType.ULLong, value: t.pollMaxNs });
    out.push({ field: `iothread.${t.id}.poll-grow`, type: TypedParamType.UInt, value: t.pollGrow });
    out.push({ field: `iothread.${t.id}.poll-shrink`, type: TypedParamType.UInt, value: t.pollShrink });
  }
  return out;
}

export function collectStats(state: TestState, doms: DomainRef[] | null, stats: number, flags: number): DomainStatsRecord[] {
  checkFlags(flags, FILTERS | NOWAIT | BACKING | ENFORCE, 'testConnectGetAllDomainStats');
  let want = stats;
  if (!want) want = SUPPORTED;
  else if (flags & ENFORCE && want & ~SUPPORTED) {
    throw report(ErrorCode.ArgumentUnsupported, `Stats types bits 0x${(want & ~SUPPORTED).toString(16)} are not supported by this daemon`);
  }
  const lflags = flags & FILTERS;
  const store = state.domains;
  // Named domains that no longer exist are skipped, as virDomainObjListConvert is told to.
  const objs = doms === null ? store.all() : doms.flatMap((d) => store.findByUuid(d.uuid) ?? []);
  return objs
    .filter((o) => matchesListFlags(o, lflags))
    .map((o) => {
      const params: TypedParam[] = [];
      if (want & STATS_STATE) params.push(...stateStats(o));
      if (want & STATS_IOTHREAD) params.push(...iothreadStats(o));
      return { dom: o.ref(), params };
    });
}
