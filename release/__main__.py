"""`python -m release STEP ...`: the steps of scripts/package that are easier in Python than in bash."""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path

from app.version import BUILD_INFO_NAME, version

from . import buildinfo, bundle, deb, filelist

ROOT = Path(__file__).resolve().parent.parent
DEB_ARCH = {"x86_64": "amd64", "aarch64": "arm64"}


def _epoch() -> int:
    return int(os.environ.get("SOURCE_DATE_EPOCH") or buildinfo.commit_epoch(ROOT))


def prepare(build_dir: Path) -> None:
    build_dir.mkdir(parents=True, exist_ok=True)
    info = buildinfo.collect(ROOT, _epoch())
    (build_dir / BUILD_INFO_NAME).write_text(buildinfo.render(info), encoding="utf-8")
    bundle.write_dist_info(build_dir)


def stage_deb(bundle_dir: Path, root: Path) -> None:
    deb.stage(bundle_dir, ROOT / "packaging/linux/saydo.desktop", ROOT / "packaging/linux/saydo.svg", root,
              version(), DEB_ARCH.get(platform.machine(), platform.machine()))


def seal(tree: Path, out: Path) -> None:
    """Fix times and modes, then write the file list beside the tree and a summary with its two hashes."""
    filelist.normalise(tree, _epoch())
    entries = filelist.listing(tree)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{tree.name}.files.txt").write_text(filelist.render(entries), encoding="utf-8")
    summary = {"tree": tree.name, "files": sum(e.kind == "f" for e in entries),
               "bytes": sum(e.size for e in entries), "names_sha256": filelist.names_digest(entries),
               "content_sha256": filelist.content_digest(entries)}
    (out / f"{tree.name}.files.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m release")
    steps = parser.add_subparsers(dest="step", required=True)
    steps.add_parser("prepare", help="write the build record and saydo's dist-info").add_argument("dir", type=Path)
    stage = steps.add_parser("stage-deb", help="lay out the .deb tree from a bundle")
    stage.add_argument("bundle", type=Path)
    stage.add_argument("root", type=Path)
    sealing = steps.add_parser("seal", help="fix times and modes of a tree, write its file list into OUT")
    sealing.add_argument("tree", type=Path)
    sealing.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.dir)
    elif args.step == "stage-deb":
        stage_deb(args.bundle, args.root)
    else:
        seal(args.tree, args.out)


main()
