import json
from pathlib import Path
from typing import Optional

import typer

from .options import MODEL

DEFAULT_TEXT = (
    "Paciente varón de 63 años, NHC 4510987, ingresado en el Hospital Universitario La Paz "
    "el 12/03/2019 por carcinoma ductal infiltrante HER2+; se pautó trastuzumab 6 mg/kg. "
    "Trabaja como albañil en Alcorcón (Madrid)."
)


def smoke_cli(
    model: str = MODEL,
    text: str = typer.Option(DEFAULT_TEXT, "--text", help="Text to annotate"),
    min_ents: int = typer.Option(1, "--min-ents", help="Fail unless at least this many entities are found"),
    output: Optional[Path] = typer.Option(None, "--output", help="Write the result as JSON here"),
) -> None:
    """Load MODEL with the network blocked, annotate TEXT, fail if too few entities come out."""
    from ..offline import no_network
    from ..outputs import check_file_target
    from ..util import load_pipeline, write_json

    if output is not None:
        check_file_target(output)

    with no_network():
        nlp = load_pipeline(model)
        doc = nlp(text)
    result = {
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}",
        "pipeline": nlp.pipe_names,
        "text": text,
        "ents": [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char} for e in doc.ents],
    }
    report = json.dumps(result, ensure_ascii=False, indent=2)
    typer.echo(report)
    if output is not None:
        write_json(output, result)
    if len(result["ents"]) < min_ents:
        typer.secho(f"Only {len(result['ents'])} entities found (expected at least {min_ents})", fg="red", err=True)
        raise typer.Exit(1)
