"""A realistic corpus of N articles made from the seeds, for benchmarks.

Each article is a seed's headline followed by runs of consecutive paragraphs
from one to three seeds (so "X said:" stays before its block quotation),
800 to 2,000 words long, with its people, providers and numbers varied:

- people the model finds in the seeds get other names, consistently within
  an article (full name, first name and surname alike, gender kept where an
  honorific or a known first name tells it);
- every provider the gazetteer finds becomes another provider of the same
  type from refdata/providers.yaml, consistently within an article;
- figures are scaled, years shifted, days of the month redrawn, with their
  formatting (thousands separators, decimals) kept.

The same ``--seed`` always gives the same files.

    .venv/bin/python benchmarks/generate_corpus.py --n 1000 --out /tmp/corpus_1000
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FEMALE_FIRST = ["Sarah", "Helen", "Amina", "Claire", "Joanna", "Priya", "Fiona", "Ruth", "Grace", "Margaret",
                "Nadia", "Louise", "Catherine", "Eleanor", "Siobhan", "Yasmin", "Bethan", "Alison", "Rachel", "Judith"]
MALE_FIRST = ["David", "James", "Imran", "Michael", "Owen", "Peter", "Rajesh", "Andrew", "Gareth", "Tom",
              "Simon", "Kwame", "Stephen", "Martin", "Declan", "Hugh", "Neil", "Colin", "Adam", "Rhys"]
SURNAMES = ["Whitfield", "Okafor", "Pemberton", "Hughes", "Carver", "Lindqvist", "Ashworth", "Bhatt", "Morrow",
            "Delaney", "Fairbairn", "Quayle", "Rowntree", "Sutcliffe", "Tennant", "Vaughan", "Walsh", "Yardley",
            "Ellison", "Marchetti", "Nkemelu", "Probert", "Keane", "Holloway", "Greaves", "Faulkner"]
# First names in the seeds that no honorific marks as a woman's.
SEED_FEMALE_FIRST = {"Glenys", "Helga", "Liz", "Janine", "Nina", "Frances"}
FEMALE_HONORIFICS = r"(?:Dame|Mrs|Ms|Miss|Lady|Baroness)"
HONORIFICS = {"Dame", "Sir", "Mr", "Mrs", "Ms", "Miss", "Lady", "Lord", "Baroness", "Dr", "Professor"}
# A link label the model takes for a name.
NOT_PEOPLE = {"Continue Reading"}
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")


@dataclass
class Seed:
    headline: str
    paragraphs: list[str]
    people: list[tuple[str, str]]  # (full name, gender)
    providers: list[tuple[str, str]]  # (surface, provider_id)


def load_seeds(seeds_dir: Path) -> list[Seed]:
    from pipelines.extract.nlp import load_nlp
    from pipelines.extract.providers import load_gazetteer
    from pipelines.read.seeds import read_corpus

    nlp, gazetteer = load_nlp(), load_gazetteer()
    seeds = []
    for document in read_corpus(seeds_dir).documents:
        paragraphs = [p.of(document.text) for p in document.paragraphs]
        people = {}
        person_words = set()
        for ent in nlp(document.text).ents:
            if ent.label_ == "PERSON" and ent.text not in NOT_PEOPLE:
                person_words.update(
                    # "Probation Officer": a word also written in lower case is no name.
                    w for w in ent.text.split()
                    if w.isalpha() and w not in HONORIFICS and not re.search(rf"\b{w.lower()}\b", document.text)
                )
        # "Dame Glenys" and "Stacey" are two entities to the model: a name is
        # any two capitalised words that both belong to people's entities.
        for m in re.finditer(r"\b([A-Z][a-z]+) ([A-Z][A-Za-z]+)\b", document.text):
            first, last = m.groups()
            if first in person_words and last in person_words:
                female = first in SEED_FEMALE_FIRST or re.search(
                    rf"{FEMALE_HONORIFICS}\s+(?:{first}|{last})\b", document.text
                )
                people[m.group()] = "female" if female else "male"
        providers = {(m.text, m.provider_id) for m in gazetteer.find_mentions(document.text)}
        seeds.append(Seed(paragraphs[0], paragraphs[1:], sorted(people.items()), sorted(providers)))
    return seeds


def providers_by_type() -> dict[str, list[str]]:
    from pipelines.extract.providers import load_gazetteer

    by_type: dict[str, list[str]] = {}
    for record in load_gazetteer().records.values():
        by_type.setdefault(record.provider_type, []).append(record.name)
    return {kind: sorted(names) for kind, names in by_type.items()}


class Varier:
    """One article's consistent replacements of people, providers and figures."""

    def __init__(
        self, rng: random.Random, seeds: list[Seed], people: list[tuple[str, str]], providers: dict[str, list[str]]
    ) -> None:
        from pipelines.extract.providers import load_gazetteer

        records = load_gazetteer().records
        self.rng = rng
        self.year_shift = rng.randint(-4, 4)
        self.replacements: dict[str, str] = {}
        # Every seed's people: a name one seed's model run missed is still replaced.
        for full, gender in people:
            if full in self.replacements:
                continue
            first, last = full.split()
            new_first = rng.choice(FEMALE_FIRST if gender == "female" else MALE_FIRST)
            new_last = rng.choice(SURNAMES)
            self.replacements[full] = f"{new_first} {new_last}"
            self.replacements.setdefault(first, new_first)
            self.replacements.setdefault(last, new_last)
        for seed in seeds:
            for surface, provider_id in seed.providers:
                record = records.get(provider_id)
                if record is None or surface in self.replacements:
                    continue
                self.replacements[surface] = rng.choice(providers.get(record.provider_type, [record.name]))
        names = sorted(self.replacements, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])") if names else None

    def vary(self, text: str) -> str:
        if self.pattern is not None:
            text = self.pattern.sub(lambda m: self.replacements[m.group()], text)
        return _NUMBER.sub(lambda m: self._number(m, text), text)

    def _number(self, m: re.Match, text: str) -> str:
        raw = m.group()
        digits = raw.replace(",", "")
        after = text[m.end() : m.end() + 12]
        if re.fullmatch(r"(?:19|20)\d\d", raw):
            return str(int(raw) + self.year_shift)
        if "." not in digits and int(digits) <= 31 and re.match(rf"\s+(?:{MONTHS})\b", after):
            return str(self.rng.randint(1, 28))
        value = float(digits) * self.rng.uniform(0.5, 1.5)
        if "." in digits:
            decimals = len(digits.split(".")[1])
            return f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"
        number = max(1, round(value))
        return f"{number:,}" if "," in raw else str(number)


def make_article(rng: random.Random, seeds: list[Seed], providers: dict[str, list[str]]) -> str:
    chosen = rng.sample(seeds, rng.randint(1, min(3, len(seeds))))
    people = sorted({person for seed in seeds for person in seed.people})
    varier = Varier(rng, chosen, people, providers)
    target = rng.randint(800, 2000)
    paragraphs = [chosen[0].headline]
    words = 0
    for seed in chosen * 3:
        if words >= target:
            break
        start = rng.randrange(len(seed.paragraphs))
        for paragraph in seed.paragraphs[start:]:
            paragraphs.append(paragraph)
            words += len(paragraph.split())
            if words >= target:
                break
    return varier.vary("\n\n".join(paragraphs)) + "\n"


def generate(n: int, out: Path, seeds_dir: Path, seed: int = 9, start: int = 0) -> list[Path]:
    """Write articles ``start`` .. ``start + n - 1`` of the corpus made with
    ``seed`` into ``out``; article k is the same whatever ``n`` and ``start``."""
    seeds = load_seeds(seeds_dir)
    providers = providers_by_type()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(start, start + n):
        # Seeded per article, so one more article never changes the others.
        text = make_article(random.Random(f"{seed}:{k}"), seeds, providers)
        path = out / f"article_{k:05d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the .txt files into")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="the seed articles")
    parser.add_argument("--seed", type=int, default=9, help="random seed (the same seed gives the same corpus)")
    parser.add_argument("--start", type=int, default=0, help="number of the first article")
    args = parser.parse_args(argv)
    written = generate(args.n, args.out, args.seeds, args.seed, args.start)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in written)
    print(f"wrote {len(written)} articles ({words:,} words) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
