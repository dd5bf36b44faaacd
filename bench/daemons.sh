# Sourced by the daemon benchmarks: a temporary folder per daemon, a libvirtd.conf with the
# settings every run shares (test driver, unix socket, auth none, default client limits), and
# starters for Debian's libvirtd and ours. Each starter sets <PREFIX>_PID and <PREFIX>_URI.
# Needs: $out (results folder) set by the caller.
work=$(mktemp -d /tmp/tsvirt-daemons.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

write_conf() {  # DIR
  cat >"$1/libvirtd.conf" <<CONF
unix_sock_dir = "$1"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0777"
auth_unix_rw = "none"
auth_unix_ro = "none"
listen_tls = 0
listen_tcp = 0
log_outputs = "3:file:$1/daemon.log"
CONF
}

wait_sock() {  # PATH
  for _ in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.05; done
  echo "no socket $1" >&2; return 1
}

# As root, Debian's libvirtd runs as `nobody` in session mode (its QEMU driver refuses root
# without the libvirt-qemu user).
start_libvirtd() {  # PREFIX
  local d=$work/libvirtd; mkdir -p "$d"; chmod 777 "$d"; write_conf "$d"
  local cmd=(/usr/sbin/libvirtd -f "$d/libvirtd.conf" -p "$d/libvirtd.pid")
  [ "$(id -u)" = 0 ] && cmd=(setpriv --reuid=65534 --regid=65534 --clear-groups "${cmd[@]}")
  env -i HOME="$d" XDG_RUNTIME_DIR="$d/run" XDG_CONFIG_HOME="$d/config" XDG_CACHE_HOME="$d/cache" \
    PATH=/usr/sbin:/usr/bin:/sbin:/bin "${cmd[@]}" </dev/null >"$d/out.log" 2>&1 &
  pids+=($!); printf -v "$1_PID" %s $!
  wait_sock "$d/libvirt-sock"; printf -v "$1_URI" %s "test+unix:///default?socket=$d/libvirt-sock"
}

start_ours() {  # PREFIX NAME COMMAND…  (the command runs with -f CONF -p PIDFILE added)
  local prefix=$1 d=$work/$2; shift 2
  mkdir -p "$d"; write_conf "$d"
  "$@" -f "$d/libvirtd.conf" -p "$d/libvirtd.pid" </dev/null >"$d/out.log" 2>&1 &
  pids+=($!); printf -v "${prefix}_PID" %s $!
  wait_sock "$d/libvirt-sock"; printf -v "${prefix}_URI" %s "test+unix:///default?socket=$d/libvirt-sock"
}

load() { echo "$(date -u +%H:%M:%SZ) $1: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"; }
