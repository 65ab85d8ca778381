"""Command line: banmian clean · explain · schema (· batch · eval).

Exit status: 0 when every page is done, 1 when some page failed (each named with
its reason on stderr), 2 on usage errors.
"""
from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click

from . import __version__
from .config import Config
from .errors import PageError
from .model import Page
from .runner import Pipeline
from .writers.files import jsonl_text, write_page
from .writers.records import page_records


def build_config(config_file: str | None, convert: str | None, **overrides) -> Config:
    try:
        return Config.load(config_file, convert=convert, **overrides)
    except (ValueError, OSError) as error:
        raise click.UsageError(f"configuration: {error}") from None


def config_options(command):
    command = click.option("--config", "config_file", type=click.Path(dir_okay=False),
                           help="TOML file with a [banmian] table of settings.")(command)
    command = click.option("--convert", type=click.Choice(["t2s", "s2t"]),
                           help="Convert Traditional↔Simplified with OpenCC; originals are kept.")(command)
    command = click.option("--stages", help="Comma-separated stage list, e.g. decode,normalize,dewrap.")(command)
    return command


def _stages(option: str | None) -> list[str] | None:
    return [name.strip() for name in option.split(",") if name.strip()] if option else None


def read_page(pipeline: Pipeline, source: str, page_id: str | None) -> Page:
    if source == "-":
        data = sys.stdin.buffer.read()
        try:
            return pipeline.run_bytes(data, page_id or "stdin")
        except PageError as error:
            error.path = "<stdin>"
            raise
    return pipeline.run_file(source, page_id)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="banmian")
def cli() -> None:
    """banmian (版面): extracted text of Chinese newspaper pages → clean per-article JSON."""


@cli.command()
@click.argument("pages", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="Output folder, or - for JSON Lines on stdout.")
@click.option("--split", is_flag=True, help="One .json file per article instead of one .jsonl per page.")
@click.option("--page-id", help="Page id for the output name (default: the file name without extension).")
@config_options
def clean(pages: tuple[str, ...], output: str, split: bool, page_id: str | None, config_file: str | None,
          convert: str | None, stages: str | None) -> None:
    """Clean PAGES (text files, or - for stdin) into OUTPUT/<page id>.jsonl."""
    config = build_config(config_file, convert, stages=_stages(stages))
    if page_id and len(pages) > 1:
        raise click.UsageError("--page-id names one page; give one PAGE")
    if split and output == "-":
        raise click.UsageError("--split writes files; give an output folder")
    try:
        pipeline = Pipeline(config)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    out_dir = None if output == "-" else Path(output)
    failed = 0
    for source in pages:
        try:
            page = read_page(pipeline, source, page_id)
            records = page_records(page, config, __version__)
            if out_dir is None:
                sys.stdout.write(jsonl_text(records))
                sys.stdout.flush()
            else:
                write_page(out_dir, page.page_id, records, split=split)
        except PageError as error:
            failed += 1
            click.echo(f"banmian: {error}", err=True)
        except ValueError as error:  # an unsafe page id
            failed += 1
            click.echo(f"banmian: {source}: {error}", err=True)
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("page")
@config_options
def explain(page: str, config_file: str | None, convert: str | None, stages: str | None) -> None:
    """Show every line of PAGE with the decision taken on it and why."""
    config = build_config(config_file, convert, stages=_stages(stages))
    try:
        result = read_page(Pipeline(config), page, None)
    except PageError as error:
        click.echo(f"banmian: {error}", err=True)
        sys.exit(1)
    from .explain import render

    click.echo(render(result), nl=False)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of an output record."""
    text = resources.files("pipeline").joinpath("schema/article.v1.schema.json").read_text(encoding="utf-8")
    click.echo(text, nl=False)


# Further commands register themselves here (batch runs, evaluation).
def _register_optional_commands() -> None:
    for module_name, command_name in (("pipeline.batch", "batch"), ("pipeline.evaluate", "eval")):
        try:
            module = __import__(module_name, fromlist=[command_name])
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue
            raise
        command = getattr(module, "command", None)
        if command is not None:
            cli.add_command(command, command_name)


_register_optional_commands()


def main() -> None:
    cli(prog_name="banmian")


if __name__ == "__main__":  # pragma: no cover
    main()


__all__ = ["cli", "main", "json"]
