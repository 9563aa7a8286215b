"""`make cluster` / `make cluster-stop`: the topology of deploy/ on this machine.

    python scripts/cluster.py up [--replicas N] [--port P] [--dir .cluster]
    python scripts/cluster.py down [--dir .cluster]

up: a throwaway PostgreSQL loaded with the demo data (unless DTPLAN_DATABASE_URL is set), N Streamlit
replicas on free loopback ports started together, and nginx on port P with deploy/nginx/dtplan.conf (only
its marked upstream and listen lines rewritten). It returns once /_stcore/health answers through nginx
and prints the URL. Every process runs in its own process group; their ids go to DIR/state.json, which
`down` reads to stop them (and removes the throwaway database). Logs stay in DIR.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx" / "dtplan.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
AS_ROOT = os.geteuid() == 0


class ClusterError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


# --- nginx --------------------------------------------------------------------------------------------


def site_config(replica_ports: list[int], listen: str, access_log: Path) -> str:
    """deploy/nginx/dtplan.conf with its replicas, listen address and access log replaced."""
    text = SITE.read_text(encoding="utf-8")
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in replica_ports)
    text, n = re.subn(
        r"(# replicas:begin\n).*?(\s*# replicas:end)", lambda m: m[1] + servers.rstrip("\n") + m[2], text, flags=re.S
    )
    text, m = re.subn(
        r"(# listen:begin\n).*?(\s*# listen:end)", lambda x: x[1] + f"    listen {listen};" + x[2], text, flags=re.S
    )
    if n != 1 or m != 1:
        raise ClusterError(f"{SITE}: thiếu dấu '# replicas:begin/end' hoặc '# listen:begin/end'")
    return text.replace("/var/log/nginx/dtplan.access.log", str(access_log))


def main_config(folder: Path, site: Path) -> str:
    """A whole nginx.conf for a private nginx: its own pid, logs and temp folders under `folder`; the http
    block includes the site file, as Debian's /etc/nginx/nginx.conf includes sites-enabled/."""
    temp = folder / "temp"
    user = "user nobody nogroup;\n" if AS_ROOT else ""
    return (
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n"
        f"    client_body_temp_path {temp / 'body'};\n    proxy_temp_path {temp / 'proxy'};\n"
        f"    fastcgi_temp_path {temp / 'fastcgi'};\n    uwsgi_temp_path {temp / 'uwsgi'};\n"
        f"    scgi_temp_path {temp / 'scgi'};\n"
        "    default_type application/octet-stream;\n"
        f"    include {site};\n"
        "}\n"
    )


def start_nginx(folder: Path, replica_ports: list[int], port: int) -> subprocess.Popen:
    if not Path(NGINX).exists():
        raise ClusterError("không có nginx trên máy: chạy `make system-deps` (apt-get install nginx)")
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / "temp"
    temp.mkdir(exist_ok=True)
    if AS_ROOT:  # the workers run as nobody and buffer large uploads here
        shutil.chown(temp, "nobody", "nogroup")
    site = folder / "dtplan.conf"
    site.write_text(site_config(replica_ports, f"127.0.0.1:{port}", folder / "access.log"), encoding="utf-8")
    conf = folder / "nginx.conf"
    conf.write_text(main_config(folder, site), encoding="utf-8")
    args = [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True)
    if check.returncode != 0:
        raise ClusterError(f"cấu hình nginx sai:\n{check.stderr}")
    log = (folder / "nginx.out").open("wb")
    return subprocess.Popen([*args, "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


# --- PostgreSQL ---------------------------------------------------------------------------------------


def pg_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    if not candidates:
        raise ClusterError("không có PostgreSQL trên máy: chạy `make system-deps` (apt-get install postgresql)")
    return candidates[0].parent


def as_postgres(*cmd: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []
    result = subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise ClusterError(f"{' '.join(cmd[:2])}: {result.stderr.strip() or result.stdout.strip()}")


def start_postgres() -> tuple[str, dict]:
    """A cluster in a temporary folder (the postgres user must reach it: not under a private home) on a
    free loopback port, with one database `dtplan`; (url, state)."""
    bindir, port = pg_bin(), free_port()
    folder = Path(tempfile.mkdtemp(prefix="dtplan-cluster-pg-"))
    if AS_ROOT:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    as_postgres(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    as_postgres(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(folder / "log"), "start")
    as_postgres(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "dtplan")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/dtplan"
    return url, {"bindir": str(bindir), "data": str(data), "folder": str(folder)}


def stop_postgres(state: dict) -> None:
    try:
        as_postgres(str(Path(state["bindir"]) / "pg_ctl"), "-D", state["data"], "-m", "fast", "-w", "stop")
    except (ClusterError, OSError, subprocess.TimeoutExpired) as exc:
        print(f"cluster: PostgreSQL: {exc}", file=sys.stderr)
    shutil.rmtree(state["folder"], ignore_errors=True)


# --- replicas -----------------------------------------------------------------------------------------


def start_replica(folder: Path, port: int, env: dict) -> subprocess.Popen:
    log = (folder / f"replica-{port}.log").open("wb")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "serve.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
    ]  # the rest (headless, no file watcher, no statistics) is the project's .streamlit/config.toml
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


# --- up / down ----------------------------------------------------------------------------------------


def alive(pid: int) -> bool:
    """Running (an exited process nobody has collected yet, a zombie, is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def read_state(folder: Path) -> dict | None:
    path = folder / "state.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def write_state(folder: Path, state: dict) -> None:
    path = folder / "state.json"
    path.write_text(json.dumps(state, indent=2), encoding="utf-8")


def wait_until(what: str, check, timeout: float, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        dead = [p.args for p in processes if p.poll() is not None]
        if dead:
            raise ClusterError(f"{what}: một tiến trình đã dừng: {dead[0]}")
        if time.monotonic() > deadline:
            raise ClusterError(f"{what}: không trả lời sau {timeout:.0f} s")
        time.sleep(0.2)


def up(folder: Path, replicas: int, port: int, timeout: float) -> dict:
    state = read_state(folder)
    if state and any(alive(p["pid"]) for p in state.get("processes", [])):
        raise ClusterError(f"cụm đang chạy ({folder}/state.json): chạy `make cluster-stop` trước")
    if replicas < 1:
        raise ClusterError("REPLICAS phải ≥ 1")
    if not port_free(port):
        raise ClusterError(f"cổng {port} đang bận: chọn CLUSTER_PORT khác")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    state = {"processes": [], "replicas": [], "postgres": None, "port": port}
    try:
        url = os.environ.get("DTPLAN_DATABASE_URL", "").strip()
        if not url:
            url, state["postgres"] = start_postgres()
            write_state(folder, state)
            env = {**os.environ, "DTPLAN_DATABASE_URL": url}
            result = subprocess.run(
                [sys.executable, "-m", "dtplan", "init", "--demo"], cwd=ROOT, env=env, capture_output=True, text=True
            )
            if result.returncode != 0:
                raise ClusterError(f"init --demo: {result.stderr.strip()}")
        state["database_url"] = url
        home = folder / "home"
        home.mkdir()
        env = {
            **os.environ,
            "DTPLAN_DATABASE_URL": url,
            "DTPLAN_TRUSTED_PROXY": "1",
            "HOME": str(home),
            # Unused by dtplan's own sign-in, but the same on every replica as Streamlit asks.
            "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET")
            or secrets.token_urlsafe(32),
        }
        # A demo database without DTPLAN_COOKIE_KEY: the replicas make the key together (in the database).
        ports = [free_port() for _ in range(replicas)]
        while len(set(ports)) < replicas or port in ports:
            ports = [free_port() for _ in range(replicas)]
        started = []
        for replica_port in ports:
            process = start_replica(folder, replica_port, env)
            started.append(process)
            state["processes"].append({"name": f"replica-{replica_port}", "pid": process.pid})
            state["replicas"].append(
                {"port": replica_port, "pid": process.pid, "url": f"http://127.0.0.1:{replica_port}"}
            )
        write_state(folder, state)
        nginx = start_nginx(folder / "nginx", ports, port)
        state["processes"].append({"name": "nginx", "pid": nginx.pid})
        state["url"] = f"http://127.0.0.1:{port}"
        write_state(folder, state)
        for replica in state["replicas"]:
            wait_until(f"replica {replica['port']}", lambda r=replica: healthy(r["url"]), timeout, started)
        wait_until("nginx", lambda: healthy(state["url"]), timeout, [*started, nginx])
    except BaseException:
        down(folder, quiet=True)
        raise
    return state


def stop_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 15
    while alive(pid) and time.monotonic() < deadline:
        with_child = _reap(pid)
        if not with_child:
            time.sleep(0.1)
    if alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def _reap(pid: int) -> bool:
    """Collect our own child's exit (when `up` and `down` run in one process, as after a failed start)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return done == pid


def down(folder: Path, quiet: bool = False) -> None:
    state = read_state(folder)
    if state is None:
        if not quiet:
            print(f"cluster: không có cụm nào đang chạy ({folder}/state.json không có)")
        return
    for process in reversed(state.get("processes", [])):  # nginx first, then the replicas
        stop_group(process["pid"])
    if state.get("postgres"):
        stop_postgres(state["postgres"])
    (folder / "state.json").unlink(missing_ok=True)
    if not quiet:
        print(f"cluster: đã dừng (nhật ký còn trong {folder})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["up", "down"])
    parser.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS", "2")))
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT", "8080")))
    parser.add_argument("--dir", type=Path, default=ROOT / ".cluster")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for each server")
    args = parser.parse_args(argv)
    folder = args.dir.resolve()
    try:
        if args.action == "down":
            down(folder)
            return 0
        state = up(folder, args.replicas, args.port, args.timeout)
    except ClusterError as exc:
        print(f"cluster: {exc}", file=sys.stderr)
        return 1
    replicas = ", ".join(str(r["port"]) for r in state["replicas"])
    source = "PostgreSQL tạm với dữ liệu mẫu (demo)" if state["postgres"] else "DTPLAN_DATABASE_URL"
    print(f"cluster: {args.replicas} bản sao (cổng {replicas}) sau nginx; CSDL: {source}")
    print(f"cluster: nhật ký và PID trong {folder}; dừng bằng `make cluster-stop`")
    print(f"dtplan (nginx): {state['url']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
