"""Dossier submission benchmark (not collected by pytest): ``make bench-dossiers``.

Against gunicorn (several workers), through the public API:

* PostgreSQL (``BENCH_DATABASE_URL=postgres://…``, or DATABASE_URL when it is
  PostgreSQL): 200 submissions with two attachments each (1 MB and 5 MB) from
  20 concurrent clients, then the same 200 replayed with their Idempotency-Key.
  Checked: exactly 200 dossiers, 200 distinct codes, 400 stored files whose
  SHA-256 match what was sent, zero 5xx. Printed: throughput and p50/p95 of
  each pass, and the same multipart body sent to a request the API refuses
  after reading it (transport + parsing: the baseline).
* SQLite (always): the same with 50 submissions; also zero "database is
  locked" in the server's log.

BENCH_SUBMISSIONS / BENCH_SQLITE_SUBMISSIONS / BENCH_CLIENTS change the sizes.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from throwaway import fresh_postgres, postgres_url

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HOST = "soxaydung.bench.localhost"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
MB = 1024 * 1024

SETUP = r"""
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "--noinput", "--skip-checks", verbosity=0)
from sites.provisioning import SiteSpec, provision_site
from procedure_pages.models import Agency, Tier
from forms_library.online.demo import DATA, create_service
from tests.procedure_pages.factories import ProcedurePageFactory
provision_site(SiteSpec(kind="province", name="Tỉnh", hostname="bench.localhost"))
sxd = provision_site(SiteSpec(
    kind="department", name="Sở Xây dựng", hostname="HOSTNAME",
    parent="bench.localhost",
)).site
catalogue = sxd.root_page.get_children().get(slug="thu-tuc-hanh-chinh")
agency, _ = Agency.objects.get_or_create(
    name="Sở Xây dựng", defaults={"unit": sxd.profile.unit}
)
permit = ProcedurePageFactory(
    parent=catalogue, code="1.009972", slug="1009972",
    title="Cấp giấy phép xây dựng", tier=Tier.PROVINCIAL, level=3,
    processing_days=20, lead_agency=agency,
)
data = json.loads(DATA.read_text(encoding="utf-8"))
service = next(s for s in data["services"] if s["code"] == "1.009972")
create_service(permit, data["applicant"] + service["fields"], service["intro"])
print("ready")
""".replace("HOSTNAME", HOST)

VERIFY = r"""
import hashlib, json, sys
import django
django.setup()
from django.core.files.storage import storages
from dossiers.models import Dossier, DossierFile
storage = storages["private"]
files = list(DossierFile.objects.all())
mismatch = 0
for f in files:
    with storage.open(f.stored_name, "rb") as handle:
        if hashlib.sha256(handle.read()).hexdigest() != f.sha256:
            mismatch += 1
print(json.dumps({
    "dossiers": Dossier.objects.count(),
    "codes": len(set(Dossier.objects.values_list("code", flat=True))),
    "files": len(files),
    "sha256": sorted(f.sha256 for f in files),
    "stored_mismatch": mismatch,
}))
"""

ANSWERS = {
    "procedure": "1.009972",
    "unit": HOST,
    "ho_va_ten_nguoi_nop": "Nông Văn Dũng",
    "so_cccd": "004090001234",
    "so_dien_thoai_di_dong": "0912345678",
    "dia_chi_thuong_tru": "Số 5 phố Vườn Cam, Phường Thục Phán, Cao Bằng",
    "loai_cong_trinh": "Công trình cấp II",
    "so_giay_chung_nhan_quyen_su_dung_dat": "CS 123456",
    "dia_chi_lo_dat_xay_dung": "Tổ 3, Phường Tân Giang, Cao Bằng",
    "dien_tich_xay_dung_m2": "120",
}


def pdf_of_size(size: int, tag: str) -> bytes:
    """A valid PDF of ``size`` bytes (a page, and a metadata stream as filler)."""
    text = f"BT /F1 12 Tf 72 720 Td (Ban ve {tag}) Tj ET".encode()
    line = b"0123456789abcdef" * 4 + b"\n"
    filler_len = max(size - 640, 0)
    filler = (line * (filler_len // len(line) + 1))[:filler_len]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Type /Metadata /Subtype /XML >>\nstream\n" % len(filler)
        + filler
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


class Server:
    """gunicorn on a throw-away database, stopped on exit."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.env = env
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        handle = self.log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "4",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start: {self.log.read_text()[-2000:]}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def run_pass(
    url: str, count: int, files: dict[int, tuple[bytes, bytes]], baseline: bool = False
) -> dict:
    import requests

    sessions: dict[int, requests.Session] = {}

    def one(index: int) -> tuple[int, float]:
        import threading

        session = sessions.setdefault(threading.get_ident(), requests.Session())
        small, large = files[index]
        data = dict(ANSWERS)
        if baseline:
            data["procedure"] = "0.000000"  # read, parsed, refused: no dossier
        started = time.perf_counter()
        response = session.post(
            f"{url}/api/v3/dossiers/",
            data=data,
            files={
                "ban_sao_giay_chung_nhan_quyen_su_dung_dat": (
                    f"gcn-{index}.pdf",
                    small,
                    "application/pdf",
                ),
                "ban_ve_thiet_ke_xay_dung": (
                    f"ban-ve-{index}.pdf",
                    large,
                    "application/pdf",
                ),
            },
            headers={"Host": HOST, "Idempotency-Key": f"bench-{index}"},
            timeout=300,
        )
        elapsed = time.perf_counter() - started
        code = response.json().get("code", "") if response.status_code == 201 else ""
        return response.status_code, elapsed, code  # type: ignore[return-value]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(one, range(count)))
    wall = time.perf_counter() - started
    latencies = [r[1] for r in results]
    return {
        "statuses": [r[0] for r in results],
        "codes": [r[2] for r in results],
        "throughput": count / wall,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "wall": wall,
    }


def warm_up(url: str) -> None:
    """Every worker loads the code and opens its connection before timing."""
    import requests

    def get(_: int) -> None:
        requests.get(
            f"{url}/api/v3/services/1.009972", headers={"Host": HOST}, timeout=60
        )

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(get, range(CLIENTS * 2)))


def bench(label: str, database_url: str | None, count: int) -> bool:
    work = Path(tempfile.mkdtemp(prefix=f"bench-dossiers-{label}-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "VAR_DIR": str(work),
        "PYTHONPATH": str(ROOT),
        "ONLINE_SUBMIT_RATE": "1000000/h",
        "DOSSIERS_TRACK_RATE": "1000000/h",
        "UPLOAD_MAX_BYTES": str(10 * MB),
        "REQUEST_MAX_BYTES": str(20 * MB),
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        # The test profile's SQLite file; the server uses the same one.
        env["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    setup = subprocess.run(  # noqa: S603
        [PYTHON, "-c", SETUP], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if "ready" not in setup.stdout:
        print(setup.stdout[-2000:], setup.stderr[-4000:])
        return False
    files = {
        i: (pdf_of_size(1 * MB, f"gcn {i}"), pdf_of_size(5 * MB, f"ban ve {i}"))
        for i in range(count)
    }
    sent = sorted(
        hashlib.sha256(body).hexdigest() for pair in files.values() for body in pair
    )
    log = work / "gunicorn.log"
    with Server(env, log) as server:
        url = f"http://127.0.0.1:{server.port}"
        warm_up(url)
        baseline = run_pass(url, count, files, baseline=True)
        first = run_pass(url, count, files)
        replay = run_pass(url, count, files)
    verify = subprocess.run(  # noqa: S603
        [PYTHON, "-c", VERIFY], cwd=ROOT, env=env, capture_output=True, text=True
    )
    import json

    facts = json.loads(verify.stdout.strip().splitlines()[-1])
    server_log = log.read_text(errors="replace")
    five_xx = sum(s >= 500 for p in (first, replay) for s in p["statuses"])
    locked = server_log.count("database is locked")
    ok = (
        set(first["statuses"]) == {201}
        and set(replay["statuses"]) == {201}
        and first["codes"] == replay["codes"]
        and facts["dossiers"] == count
        and facts["codes"] == count
        and facts["files"] == 2 * count
        and facts["sha256"] == sent
        and facts["stored_mismatch"] == 0
        and five_xx == 0
        and locked == 0
    )
    print(
        f"\n== {label}: {count} submissions (1 MB + 5 MB each), "
        f"{CLIENTS} clients, gunicorn 4 workers x 4 threads"
    )
    passes = (("parse-only baseline", baseline), ("submit", first), ("replay", replay))
    for name, result in passes:
        print(
            f"  {name:20} {result['throughput']:6.1f} req/s"
            f"   p50 {result['p50'] * 1000:7.0f} ms"
            f"   p95 {result['p95'] * 1000:7.0f} ms   ({result['wall']:.1f} s)"
        )
    ratio = first["throughput"] / baseline["throughput"]
    print(
        f"  submit vs baseline: throughput x{ratio:.2f},"
        f" p95 x{first['p95'] / baseline['p95']:.2f}"
    )
    checksums = facts["sha256"] == sent and not facts["stored_mismatch"]
    print(
        f"  dossiers {facts['dossiers']}, distinct codes {facts['codes']}, files "
        f"{facts['files']}, checksums match: {checksums},"
        f" 5xx: {five_xx}, 'database is locked': {locked}"
    )
    print(f"  {'OK' if ok else 'FAILED'}")
    return ok


def main() -> int:
    results = []
    url = postgres_url()
    if url:
        results.append(
            bench(
                "PostgreSQL",
                fresh_postgres(url, "cms_bench_dossiers"),
                int(os.environ.get("BENCH_SUBMISSIONS", "200")),
            )
        )
    else:
        print("PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://…)")
    results.append(
        bench("SQLite", None, int(os.environ.get("BENCH_SQLITE_SUBMISSIONS", "50")))
    )
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
