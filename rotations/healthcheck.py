"""`python -m rotations.healthcheck [PATH]`: exit 0 when the local web server answers PATH
(default /readyz/: database, cache and job queue all answer) with 200.

Used by docker compose. It sends the first ALLOWED_HOSTS name as Host, so Django does not
refuse the request however the deployment names itself; on failure it prints the answer
(which part is down) for `docker compose ps` / `docker inspect`.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main(argv: list[str]) -> int:
    path = argv[0] if argv else "/readyz/"
    hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((h for h in hosts if h and h != "*"), "localhost")
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"unhealthy: {exc.code} {exc.read()[:300].decode(errors='replace')}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
