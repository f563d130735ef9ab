"""The storage commands of the CLI (an edge: storage errors become exit statuses here).

``sohoa extract PATH… --store`` — process and store (files already stored by this extractor version are not
processed again: their stored Result is printed).
``sohoa person show ID [--json]`` — the registry entry of a person and the documents that name them.
``sohoa prefill ID [--json]`` — every known field of a person with value, status, source, document and date.
``sohoa dossier create NAME`` / ``sohoa dossier add DOSSIER FILE…`` / ``sohoa dossier show DOSSIER [--json]``.
``sohoa erase ID [--yes]`` — delete everything about a person (asks unless ``--yes``).
``sohoa purge [--days N] [--yes]`` — retention: delete files stored more than N days ago (``SOHOA_RETENTION_DAYS``).

Exit status: 0 done; 2 the request cannot be met (unknown person or dossier, malformed ID number, rejected input,
stale version); 1 storage unavailable, a key error or an internal fault.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from models.errors import Conflict, InvalidRequest, NotFound, SohoaError
from sohoa.settings import Settings

if TYPE_CHECKING:
    from storage.store import Store

EXIT_OK, EXIT_INTERNAL, EXIT_REJECTED = 0, 1, 2
Command = Callable[[argparse.Namespace, Settings], int]


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def open_store(settings: Settings) -> Store:
    from storage.store import Store

    return Store.open(settings)


def _fail(exc: SohoaError) -> int:
    print(f"sohoa: {exc.message}", file=sys.stderr)
    return EXIT_REJECTED if isinstance(exc, NotFound | InvalidRequest | Conflict) else EXIT_INTERNAL


def _guard(command: Command) -> Command:
    def run(args: argparse.Namespace, settings: Settings) -> int:
        try:
            return command(args, settings)
        except SohoaError as exc:
            return _fail(exc)

    run.__name__ = command.__name__
    run.__doc__ = command.__doc__
    return run


@_guard
def cmd_extract_store(args: argparse.Namespace, settings: Settings) -> int:
    """``sohoa extract … --store``: like ``extract``, every processed input also stored."""
    from pipeline.process import Processor
    from sohoa.cli import pdf_writer, report_results
    from sohoa.work import process_path

    processor = Processor(settings)
    write_pdf = pdf_writer(args)
    with open_store(settings) as store:
        who = actor()
        return report_results(args, lambda path: process_path(store, processor, path, who, write_pdf))


def _print_fields(fields: dict[str, Any]) -> None:
    for name, info in fields.items():
        where = ""
        if info.get("document_id") is not None:
            where = f", document #{info['document_id']} {info.get('document_type')} p.{info.get('page')}"
        date = f", {info['date']}" if info.get("date") else ""
        print(f"  {name}: {info.get('value')}  [{info.get('status')}, {info.get('source')}{where}{date}]")


@_guard
def cmd_person_show(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        data = store.person(args.id_number, actor=actor())
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    print(f"ID number: {data['id_number'] or '-'}   CMND: {data['old_id_number'] or '-'}")
    _print_fields(data["fields"])
    print("Documents:")
    for d in data["documents"]:
        state = "" if d["current"] else " (history)"
        print(f"  #{d['id']} {d['type']} as {d['role']}, file {d['file_sha256'][:12]}, {d['review_state']}{state}")
    return EXIT_OK


@_guard
def cmd_prefill(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        data = store.prefill(args.id_number, actor=actor())
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        _print_fields(data["fields"])
    return EXIT_OK


@_guard
def cmd_dossier_create(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        dossier_id = store.create_dossier(args.name, actor=actor())
    print(dossier_id)
    return EXIT_OK


@_guard
def cmd_dossier_add(args: argparse.Namespace, settings: Settings) -> int:
    """Store each file (processing it unless already stored) and add it to the dossier."""
    from pipeline.process import Processor
    from sohoa.cli import _expand
    from sohoa.work import process_path

    processor = Processor(settings)
    status = EXIT_OK
    with open_store(settings) as store:
        who = actor()
        store.dossier(args.dossier, actor=who)  # fail early on an unknown dossier
        shas: list[str] = []
        for path in _expand(args.files):
            result = process_path(store, processor, path, who)
            if result.error is not None or result.sha256 is None:
                print(f"sohoa: {path.name}: {result.error.message if result.error else 'not stored'}", file=sys.stderr)
                status = EXIT_REJECTED
                continue
            shas.append(result.sha256)
            print(f"{path.name}: {len(result.documents)} document(s), {result.sha256[:12]}")
        store.add_to_dossier(args.dossier, shas, actor=who)
    return status


@_guard
def cmd_dossier_show(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings) as store:
        data = store.dossier(args.dossier, actor=actor())
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    print(f"Dossier #{data['id']}: {data['name']}")
    for f in data["files"]:
        docs = ", ".join(f"#{d['id']} {d['type']} ({d['review_state']})" for d in f["documents"])
        print(f"  file {f['sha256'][:12]}: {docs}")
    for issue in data["issues"]:
        print(f"  [{issue['severity']}] {issue['code']}: {issue['message']}")
    if not data["issues"]:
        print("  no cross-document issue")
    return EXIT_OK


def _confirm(question: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        print("sohoa: refusing without --yes (no terminal to ask)", file=sys.stderr)
        return False
    return input(f"{question} [y/N] ").strip().lower() in {"y", "yes", "c", "có"}


@_guard
def cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    from storage.store import check_id_number

    check_id_number(args.id_number)
    if not _confirm("Delete every file, document and registry entry of this person?", args.yes):
        return EXIT_REJECTED
    with open_store(settings) as store:
        report = store.erase_person(args.id_number, actor=actor())
    print(f"erased: {report.files} file(s), {report.documents} document(s), {report.objects} object(s)")
    if report.name_mentions:
        ids = ", ".join(f"#{i}" for i in report.name_mentions)
        print(f"documents of other files that carry the same name (not erased; check them): {ids}")
    return EXIT_OK


@_guard
def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    days = args.days if args.days is not None else settings.retention_days
    if days <= 0:
        print("sohoa: no retention period (give --days N or set SOHOA_RETENTION_DAYS)", file=sys.stderr)
        return EXIT_REJECTED
    if not _confirm(f"Delete every file stored more than {days} days ago?", args.yes):
        return EXIT_REJECTED
    with open_store(settings) as store:
        count = store.purge_older_than(days, actor=actor())
    print(f"purged {count} file(s)")
    return EXIT_OK


def register(subparsers: Any) -> None:
    """Add the storage commands to ``sohoa``'s subparsers (``argparse._SubParsersAction``)."""
    p = subparsers.add_parser("person", help="the person registry")
    psub = p.add_subparsers(dest="person_command", required=True)
    q = psub.add_parser("show", help="a person's known fields and documents")
    q.add_argument("id_number", help="12-digit ID number (or 9-digit CMND)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_person_show)

    p = subparsers.add_parser("prefill", help="every known field of a person, to prefill a form")
    p.add_argument("id_number")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_prefill)

    p = subparsers.add_parser("dossier", help="dossiers: the files of one procedure")
    dsub = p.add_subparsers(dest="dossier_command", required=True)
    q = dsub.add_parser("create", help="create a dossier; prints its id")
    q.add_argument("name")
    q.set_defaults(func=cmd_dossier_create)
    q = dsub.add_parser("add", help="store files and add them to a dossier")
    q.add_argument("dossier", help="dossier id or name")
    q.add_argument("files", nargs="+")
    q.set_defaults(func=cmd_dossier_add)
    q = dsub.add_parser("show", help="a dossier's files and cross-document issues")
    q.add_argument("dossier", help="dossier id or name")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_dossier_show)

    p = subparsers.add_parser("erase", help="delete everything about a person")
    p.add_argument("id_number")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=cmd_erase)

    p = subparsers.add_parser("purge", help="retention: delete files older than N days")
    p.add_argument("--days", type=int, default=None, help="default: SOHOA_RETENTION_DAYS")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=cmd_purge)
