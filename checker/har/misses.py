"""What a page load that got no response means when the pages come from a HAR file.

checker/engine/steps.py words a failed load as "could not reach HOST (ERR_…); check the connection". When
`--har` serves every request, the network is not the cause: the HAR has no response for that URL,
and the fix is to record that page. `untrain scan --har` and `untrain paths --har` reword it here,
where they report the failure.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..invocation import prog

UNREACHED = re.compile(r"could not reach (?P<host>[\w.-]+) \((?P<code>ERR_[A-Z_]+)\); check the connection")


def explain(detail: str | None, scenario, har_file: Path) -> str | None:
    match = UNREACHED.fullmatch(detail or "")
    if not match:
        return detail
    urls = [u for u in (scenario.deep_link, scenario.start_url) if u and urlsplit(u).hostname == match["host"]]
    url = urls[0].split("#")[0] if urls else f"https://{match['host']}/"
    return (f"the HAR file {har_file} has no response for {url}; record that page with "
            f"`{prog()} record {scenario.id} --out FILE.har`")
