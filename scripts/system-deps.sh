#!/usr/bin/env bash
# Debian packages the test suite needs: PostgreSQL (server binaries) and Chromium (browser tests).
# Installed when running as root with apt; otherwise the tests that need them skip with a reason
# (and fail under CI=true).
set -euo pipefail
need=()
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: PostgreSQL và Chromium đã có."
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "system-deps: cài ${need[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts a cluster on install; the tests run their own, so stop the packaged one.
  if command -v pg_ctlcluster >/dev/null; then
    for c in $(pg_lsclusters -h 2>/dev/null | awk '{print $1"/"$2}'); do pg_ctlcluster ${c/\// } stop 2>/dev/null || true; done
  fi
else
  echo "system-deps: thiếu ${need[*]}; các bài kiểm thử cần chúng sẽ bị bỏ qua (không chạy với quyền root/apt)."
fi
