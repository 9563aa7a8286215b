#!/usr/bin/env bash
# Debian packages the test suite needs: PostgreSQL (server binaries), Chromium (browser tests) and nginx
# (`make cluster` and its browser test: replicas behind a proxy).
# Installed when running as root with apt; otherwise the tests that need them skip with a reason
# (and fail under CI=true).
set -euo pipefail
need=()
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/nginx ] || need+=(nginx)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: PostgreSQL, Chromium và nginx đã có."
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "system-deps: cài ${need[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts a cluster and nginx on install; the tests and `make cluster` run their own, so stop
  # the packaged ones (nginx's default site would hold port 80).
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then systemctl stop nginx 2>/dev/null || true; fi
  [ -f /run/nginx.pid ] && nginx -s quit 2>/dev/null || true
  if command -v pg_ctlcluster >/dev/null; then
    for c in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do pg_ctlcluster ${c/\// } stop 2>/dev/null || true; done
  fi
else
  echo "system-deps: thiếu ${need[*]}; các bài kiểm thử cần chúng sẽ bị bỏ qua (không chạy với quyền root/apt)."
fi
