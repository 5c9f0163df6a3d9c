"""Static floret vectors trained on clinical text: fastText's subword vectors stored in a
compact hashed table, so every token (misspellings, glued doses, codes) gets a vector. The
`.floret` file is what `spacy init vectors LANG FILE OUTPUT --mode floret` reads; a tok2vec
then uses it with `include_static_vectors = true`."""

import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from tqdm import tqdm

from ..errors import ClinxError
from ..outputs import atomic_file, check_file_target, json_bytes, replace_atomically
from ..pretraining.corpus import read_documents
from ..tokenizer import make_clinical_nlp
from ..util import available_cores


@dataclass(frozen=True)
class FloretSettings:
    """floret's training options, named as spaCy documents them. The defaults are the
    table of spaCy's md pipelines (50,000 rows x 300 dimensions, n-grams of 4-5
    characters, each stored in 2 rows) and fastText's CBOW."""

    rows: int = 50000
    dim: int = 300
    minn: int = 4
    maxn: int = 5
    hash_count: int = 2
    epochs: int = 5
    min_count: int = 5
    model: str = "cbow"

    def __post_init__(self) -> None:
        if not 1 <= self.hash_count <= 4:
            raise ValueError(f"hash_count must be 1 to 4 (floret's limit), got {self.hash_count}")
        if not 0 < self.minn <= self.maxn:
            raise ValueError(f"need 0 < minn <= maxn, got minn={self.minn}, maxn={self.maxn}")
        if self.rows < 1 or self.dim < 1 or self.epochs < 1:
            raise ValueError("rows, dim and epochs must be positive")


def write_tokenized_text(text: Path, target: Path, lang: str = "es") -> Tuple[int, int]:
    """Write each document of `text` (one per line) as its clinical-tokenizer tokens
    separated by spaces, so the vectors are trained on the tokens the pipelines look up;
    return (documents, tokens)."""
    documents = read_documents(text)
    tokenizer = make_clinical_nlp(lang).tokenizer
    n_tokens = 0
    with target.open("w", encoding="utf8") as out:
        for doc in tqdm(tokenizer.pipe(documents), total=len(documents), desc="Tokenizing", unit="doc"):
            words = [token.text for token in doc if not token.is_space]
            n_tokens += len(words)
            out.write(" ".join(words) + "\n")
    return len(documents), n_tokens


def train_floret_vectors(
    text: Path,
    output: Path,
    settings: FloretSettings = FloretSettings(),
    *,
    threads: Optional[int] = None,
    lang: str = "es",
) -> Dict[str, Any]:
    """Train floret vectors on `text` and write them to `output` (a `.floret` file, written
    atomically) with a summary beside it (`<output>.json`: settings, corpus size, vocabulary,
    wall time), which is also returned. floret reports its own progress on stderr; it seeds
    itself (fastText's fixed seed), but with more than one thread its result varies slightly."""
    try:
        import floret
    except ImportError:
        raise ClinxError("floret is not installed: pip install 'clinx-spacy[vectors]'") from None
    output = check_file_target(output)
    threads = threads or available_cores()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=f".{output.name}.") as scratch:
        tokenized = Path(scratch) / "tokens.txt"
        n_docs, n_tokens = write_tokenized_text(text, tokenized, lang)
        model = floret.train_unsupervised(
            str(tokenized),
            model=settings.model,
            mode="floret",
            bucket=settings.rows,
            dim=settings.dim,
            minn=settings.minn,
            maxn=settings.maxn,
            hashCount=settings.hash_count,
            epoch=settings.epochs,
            minCount=settings.min_count,
            thread=threads,
        )
        with atomic_file(output) as tmp:
            model.save_floret_vectors(str(tmp))
    summary = {
        "text": str(text),
        "vectors": str(output),
        "settings": asdict(settings),
        "threads": threads,
        "documents": n_docs,
        "tokens": n_tokens,
        "vocabulary": len(model.words),
        "wall_time_s": round(time.perf_counter() - started, 1),
    }
    replace_atomically(summary_path(output), json_bytes(summary))
    return summary


def summary_path(vectors: Path) -> Path:
    """Where `train_floret_vectors` saves the summary of the vectors at `vectors`."""
    return vectors.with_name(vectors.name + ".json")
