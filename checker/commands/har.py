"""`untrain har sanitise`: make a HAR file (one exported from DevTools, say) safe to attach to a bug report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from urllib.parse import urlsplit

from ..store import data_paths
from ..har import check_file, sanitise


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("har", help="make a HAR file safe to share (`untrain har sanitise IN.har --out OUT.har`)",
                       description="Work on HAR files, which are untrusted both ways.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    s = actions.add_parser(
        "sanitise", aliases=["sanitize"], help="keep only what a replay needs, and say what was removed",
        description="Read a HAR (exported from your browser's DevTools, or recorded by `untrain record`) and "
        "write a copy that keeps only what a replay of the provider's settings page needs: requests to the "
        "provider's own hosts, and the bodies of its documents, scripts, styles and JSON. Everything else "
        "goes: other hosts, WebSocket frames, images and binary bodies, cookies and every header but a few "
        "harmless ones. What is kept is scrubbed of tokens, email addresses (in any encoding), your account's "
        "name, handle and email as the page shows them, and chat text. Then it prints what it removed, by "
        "kind. Check the file before you share it: the sanitiser removes what it can recognise.")
    s.add_argument("input", type=Path, metavar="IN.har", help="the HAR to read (it is not changed)")
    s.add_argument("--out", type=Path, required=True, metavar="OUT.har", help="where to write the sanitised HAR")
    s.add_argument("--host", action="append", metavar="HOST",
                   help="keep requests to this host (repeatable; default: the hosts of the provider whose "
                   "page the HAR shows, from the catalogue, else the host of its first page)")
    s.add_argument("--redact", action="append", default=[], metavar="TEXT",
                   help="also remove this text everywhere, in any case or encoding; repeatable")
    s.set_defaults(run=run_sanitise)
    p.set_defaults(run=lambda args: (p.print_help(), 64)[1])


def run_sanitise(args: argparse.Namespace) -> int:
    data_paths.check_writable_folder(args.out, "--out")
    checked = check_file(args.input)
    hosts = args.host or provider_hosts(checked.data)
    clean, removed = sanitise(checked.data, args.redact, hosts=hosts)
    if checked.side_files:
        removed["entries pointing at side files"] = checked.side_files
    data_paths.write_private(args.out, json.dumps(clean, ensure_ascii=False, indent=1))
    kept, total = len(clean["log"]["entries"]), len(checked.data["log"]["entries"]) + checked.side_files
    print(f"Wrote {args.out}: kept {kept} of {total} requests (to {', '.join(sorted(hosts)) or 'no host'}).")
    if removed:
        print("Removed, by kind:")
        width = len(str(max(removed.values())))
        for kind, n in sorted(removed.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {n:>{width}} {kind}")
    else:
        print("Removed: nothing it recognised.")
    print("Check the file before you share it: the sanitiser removes what it can recognise.")
    return 0


def provider_hosts(har: dict) -> list[str]:
    """The hosts to keep: those of every catalogue provider whose page the HAR shows, else the host
    of the first document in it."""
    documents = [urlsplit(e["request"]["url"]).hostname or "" for e in har["log"]["entries"]
                 if isinstance(e.get("response"), dict) and isinstance(e["response"].get("content"), dict)
                 and str(e["response"]["content"].get("mimeType", "")).startswith("text/html")]
    try:
        from ..catalogue.catalog import load_catalog

        catalog_hosts = [entry.scenario.hosts for entry in load_catalog().entries.values()]
    except Exception:  # noqa: BLE001 - a broken catalogue must not stop a HAR being made safe
        catalog_hosts = []
    hosts = {host for group in catalog_hosts if set(group) & set(documents) for host in group}
    return sorted(hosts) or documents[:1]
