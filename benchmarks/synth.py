"""A synthetic but realistic fact sheet of N facts, written as the YAML editors keep.

Shape, per N facts: about N/10 sources (original reports, republications that
relay them, briefings), N/50 topics of about 50 facts, N/20 entities, N/100
claimants. Every fact has a figure whose number appears in one to three
quotes (written as ``$4.9 billion``, ``4.9bn``, ``70 percent``, ``1,200
machines`` ...), a third of facts carry annotations, two in five an event
date. Everything is drawn from a seeded generator, so a given N always
produces the same files.

That is the ``realistic`` shape. Two more grow the sheet where cost could
stop being linear: ``many-topics`` (topics of about 6 facts, so N/6 topic
pages and as many topics in the indexes) and ``many-entities`` (one entity
per 1.5 facts, most of them named by one or two facts only, so thousands of
entity pages). Everything else is drawn as in ``realistic``.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

GOODS = [
    "machine tools", "microelectronics", "ball bearings", "optical sights", "nitrocellulose", "drone engines",
    "radio modules", "thermal cameras", "carbon fibre", "servo motors", "lithium batteries", "navigation chips",
    "semiconductor wafers", "CNC lathes", "milling machines", "antennas", "gyroscopes", "alloy steel",
    "titanium sponge", "printed circuit boards", "field radios", "satellite imagery", "truck chassis",
    "diesel engines", "power transistors", "signal processors", "laser rangefinders", "night-vision tubes",
]
COUNTRIES = ["China", "Russia", "Kazakhstan", "Kyrgyzstan", "Turkey", "United Arab Emirates", "Hong Kong", "Belarus"]
OUTLETS = [
    "Wire Service", "The Daily Ledger", "Global Monitor", "Eastern Review", "Policy Weekly", "Trade Observer",
    "The Evening Post", "Defence Digest", "Open Source Desk", "Market Brief", "The Chronicle", "Asia Report",
]
WORDS = (
    "the shipments were routed through intermediaries according to customs records reviewed by analysts who "
    "track dual-use exports and said that the volume had risen sharply since the start of the war while "
    "officials declined to comment on the figures which could not be independently verified"
).split()
NOTES = [
    "The article does not say how the figure was computed.",
    "Customs codes for these goods also cover civilian products.",
    "Other reports give a lower figure for the same period.",
    "The period is inferred from the date of the briefing.",
    "The source relays the figure without naming its origin.",
]
UNITS = ["percent", "USD", "USD", "machines", "shipments", "EUR"]
QUALIFIERS = ["exact", "approximately", "about", "nearly", "over", "estimated"]
ENTITY_KINDS = ["company", "company", "company", "plant", "weapon", "government-body", "organisation"]
CLAIMANT_KINDS = ["group", "person", "government-body", "organisation"]


SHAPES = ("realistic", "many-topics", "many-entities")


@dataclass
class Shape:
    """How many of each thing a sheet of ``facts`` facts has, in one of the ``SHAPES``."""

    facts: int
    name: str = "realistic"

    @property
    def sources(self) -> int:
        """About one source per ten facts."""
        return max(3, self.facts // 10)

    @property
    def topics(self) -> int:
        """Topics of about 50 facts (about 6 in ``many-topics``)."""
        return max(1, round(self.facts / (6 if self.name == "many-topics" else 50)))

    @property
    def entities(self) -> int:
        """About one entity per twenty facts (one per 1.5 in ``many-entities``), claimants included."""
        if self.name == "many-entities":
            return max(len(COUNTRIES) + 4, round(self.facts / 1.5))
        return max(len(COUNTRIES) + 4, self.facts // 20)

    @property
    def claimants(self) -> int:
        """About one claimant per hundred facts."""
        return max(2, self.facts // 100)


def _s(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _sentence(rng: random.Random, n: int) -> str:
    start = rng.randrange(len(WORDS) - n)
    return " ".join(WORDS[start:start + n])


def _figure(rng: random.Random) -> dict:
    unit = rng.choice(UNITS)
    if unit == "percent":
        return {"value": rng.randrange(5, 96), "unit": unit}
    if unit in ("USD", "EUR"):
        scale = rng.choice(["million", "billion"])
        value = rng.randrange(11, 990) / 10 if scale == "billion" else rng.randrange(10, 900)
        return {"value": value, "unit": unit, "scale": scale}
    return {"value": rng.randrange(12, 9000), "unit": unit}


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def _mention(rng: random.Random, figure: dict, value: float | None = None) -> str:
    """The figure as an article writes it, in one of several styles the check understands."""
    v = figure["value"] if value is None else value
    unit, scale = figure["unit"], figure.get("scale")
    if unit == "percent":
        return rng.choice([f"{_number(v)}%", f"{_number(v)} percent", f"{_number(v)} per cent"])
    if unit in ("USD", "EUR"):
        sign = "$" if unit == "USD" else "€"
        short = {"million": "m", "billion": "bn"}[scale]
        return rng.choice([f"{sign}{_number(v)} {scale}", f"{sign}{_number(v)}{short}", f"{_number(v)} {scale} {'dollars' if unit == 'USD' else 'euros'}"])
    return f"{_number(v)} {unit}"


def _claim_figure(figure: dict) -> str:
    v, unit = figure["value"], figure["unit"]
    if unit == "percent":
        return f"{_number(v)}%"
    if unit in ("USD", "EUR"):
        return f"{'$' if unit == 'USD' else '€'}{_number(v)} {figure['scale']}"
    return f"{_number(v)} {unit}"


def _date(rng: random.Random, year_from: int = 2022, year_to: int = 2025, precision: int | None = None) -> str:
    year = rng.randint(year_from, year_to)
    precision = precision if precision is not None else rng.choice([1, 2, 3, 3, 3])
    if precision == 1:
        return str(year)
    month = rng.randint(1, 12)
    if precision == 2:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def write_sheet(facts_dir: Path, n_facts: int, seed: int = 1, shape_name: str = "realistic") -> dict:
    """Write the sources and entities registries, charts.yml and topics/*.yml for ``n_facts`` facts; returns counts and ids.

    A registry of more than PER_FILE records is written as a folder of files (``sources/01.yml`` ...).
    """
    if shape_name not in SHAPES:
        raise ValueError(f"unknown shape {shape_name!r}; one of {', '.join(SHAPES)}")
    rng = random.Random(seed)
    shape = Shape(n_facts, shape_name)
    facts_dir.mkdir(parents=True, exist_ok=True)
    (facts_dir / "topics").mkdir(exist_ok=True)

    # ---- sources: origins first, then copies that relay them
    sources: list[dict] = []
    n_origins = max(2, shape.sources * 6 // 10)
    for i in range(shape.sources):
        outlet = rng.choice(OUTLETS)
        goods = rng.choice(GOODS)
        date = _date(rng, precision=3)
        if i < n_origins:
            kind = "briefing" if i % 15 == 0 else "original-report"
            based_on: list[str] = []
        else:
            kind = "republication"
            based_on = [sources[rng.randrange(n_origins)]["id"]]
        sid = f"{outlet.lower().replace(' ', '-')}-{date[:7]}-{i}"
        sources.append({"id": sid, "kind": kind, "based_on": based_on, "outlet": outlet,
                        "title": f"{goods.capitalize()} keep reaching Russia's arms makers, report {i} finds",
                        "published": date, "reliability": rng.choice(["high", "medium", "medium", "low"]),
                        "url": None if kind == "briefing" else f"https://news{i % 37}.example.org/{date[:4]}/{goods.replace(' ', '-')}-{i}",
                        "warning": rng.random() < 0.05})
    blocks = []
    for s in sources:
        lines = [f"  - id: {s['id']}", f"    title: {_s(s['title'])}", f"    outlet: {_s(s['outlet'])}",
                 f"    authors: [{_s('Reporter ' + s['id'][-3:])}]", f"    published: {s['published']}"]
        if s["url"]:
            lines += [f"    url: {s['url']}", "    accessed: 2026-01-15"]
        lines += [f"    kind: {s['kind']}", f"    reliability: {s['reliability']}"]
        if s["based_on"]:
            lines.append(f"    based_on: [{', '.join(s['based_on'])}]")
            lines.append(f"    notes: {_s('Relays ' + s['based_on'][0] + '; adds no reporting of its own.')}")
        if s["warning"]:
            lines += ["    warnings:", f"      - text: {_s('Parts of the page are advertising, not reporting.')}"]
        blocks.append(lines)
    write_registry(facts_dir, "sources", "# Synthetic source registry (benchmarks/synth.py)", blocks)

    # ---- entities: countries, claimants, then companies, plants, weapons
    entities: list[dict] = [{"id": c.lower().replace(" ", "-"), "name": c, "kind": "country"} for c in COUNTRIES]
    claimants = []
    for i in range(shape.claimants):
        kind = CLAIMANT_KINDS[i % len(CLAIMANT_KINDS)]
        name = {"group": f"Anonymous officials {i}", "person": f"Analyst Number {i}",
                "government-body": f"Ministry Office {i}", "organisation": f"Research Institute {i}"}[kind]
        claimants.append(f"claimant-{i}")
        entities.append({"id": f"claimant-{i}", "name": name, "kind": kind})
    topical = []
    for i in range(max(4, shape.entities - len(entities))):
        kind = rng.choice(ENTITY_KINDS)
        eid = f"{kind}-{i}"
        topical.append(eid)
        entities.append({"id": eid, "name": f"{rng.choice(['Xinda', 'Huaqiang', 'Volga', 'Ural', 'Altai', 'Pearl'])} {kind.replace('-', ' ').title()} {i}",
                         "kind": kind, "country": rng.choice(COUNTRIES), "aliases": [f"Alias {i}"] if i % 3 == 0 else []})
    blocks = []
    for e in entities:
        lines = [f"  - id: {e['id']}", f"    name: {_s(e['name'])}", f"    kind: {e['kind']}"]
        if e.get("country"):
            lines.append(f"    country: {_s(e['country'])}")
            lines.append(f"    description: {_s('A ' + e['kind'].replace('-', ' ') + ' named in reports on dual-use supplies.')}")
        if e.get("aliases"):
            lines.append(f"    aliases: [{', '.join(_s(a) for a in e['aliases'])}]")
        blocks.append(lines)
    write_registry(facts_dir, "entities", "# Synthetic entity registry (benchmarks/synth.py)", blocks)

    # ---- topics of about 50 facts
    fact_ids: list[str] = []
    chart_candidates: list[str] = []
    per_topic = [n_facts // shape.topics + (1 if t < n_facts % shape.topics else 0) for t in range(shape.topics)]
    index = 0
    for t, count in enumerate(per_topic):
        goods = GOODS[t % len(GOODS)]
        tid = f"{goods.lower().replace(' ', '-')}-{t}"
        lines = ["# Synthetic topic (benchmarks/synth.py)", "topic:", f"  id: {tid}",
                 f"  title: {_s(goods.capitalize() + ' ' + str(t))}", f"  order: {t}",
                 f"  summary: {_s('What the reports say about ' + goods + ', part ' + str(t) + '.')}", "facts:"]
        local_entities = rng.sample(topical, min(8, len(topical)))
        for _ in range(count):
            fid = f"{tid}-fact-{index}"
            figure = _figure(rng)
            country = rng.choice(COUNTRIES[2:])
            period = rng.choice(["2022", "2023", "Q4 2023", "the first half of 2024", "the year to March 2025"])
            claim = (f"{_claim_figure(figure).capitalize() if figure['unit'] == 'percent' else _claim_figure(figure)} "
                     f"of Russia's {goods} imports came from China via {country} in {period}, according to report {index}.")
            if figure["unit"] in ("machines", "shipments"):
                claim = f"China sent {_claim_figure(figure)} of {goods} to Russia through {country} in {period} (report {index})."
            lines += ["", f"  - id: {fid}", f"    claim: {_s(claim)}", "    figure:", f"      value: {figure['value']}",
                      f"      unit: {figure['unit']}"]
            if figure.get("scale"):
                lines.append(f"      scale: {figure['scale']}")
            lines += [f"      qualifier: {rng.choice(QUALIFIERS)}", f"      period: {_s(period)}", f"      as_of: {_date(rng, 2023, 2025, 2)}"]
            if rng.random() < 0.4:
                lines.append(f"    event_date: {_date(rng)}")
            lines.append(f"    claimant: {claimants[rng.randrange(len(claimants))]}")
            if rng.random() < 0.05:
                lines.append(f"    status: {rng.choice(['disputed', 'needs-better-source', 'corrected'])}")
            lines.append("    citations:")
            cited = [sources[index % len(sources)]["id"]]
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                other = sources[rng.randrange(len(sources))]["id"]
                if other not in cited:
                    cited.append(other)
            for c, source_id in enumerate(cited):
                own_value = figure["value"] + 1 if c > 0 and rng.random() < 0.1 else None
                quote = f"{_sentence(rng, rng.randint(4, 12))} {_mention(rng, figure, own_value)} of {goods} {_sentence(rng, rng.randint(3, 10))}"
                lines += [f"      - source: {source_id}", f"        quote: {_s(quote)}", f"        locator: paragraph {rng.randint(1, 20)}"]
                if own_value is not None:
                    lines.append(f"        value: {own_value}")
                if c > 0 and rng.random() < 0.3:
                    lines.append(f"        wording: {_s(goods + ' imports')}")
            if rng.random() < 0.33:
                lines += ["    annotations:", f"      - kind: {rng.choice(['caveat', 'context', 'disagreement', 'method'])}",
                          f"        text: {_s(rng.choice(NOTES))}", "        date: 2026-01-20"]
            about = ["russia", "china"] + rng.sample(local_entities, rng.randint(0, 2))
            if shape.name == "many-entities":  # each topical entity named by the next fact in turn: one or two facts each
                own = topical[index % len(topical)]
                about = about if own in about else about + [own]
            lines.append(f"    entities: [{', '.join(about)}]")
            lines.append(f"    tags: [{rng.choice(['value', 'share', 'volume'])}]")
            lines.append(f"    added: {_date(rng, 2025, 2026, 3)}")
            fact_ids.append(fid)
            if figure["unit"] == "USD" and figure.get("scale") == "billion":
                chart_candidates.append(fid)
            index += 1
        (facts_dir / "topics" / f"{tid}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # ---- one chart of facts sharing a unit
    if len(chart_candidates) >= 2:
        bars = chart_candidates[:5]
        lines = ["charts:", "  - id: synthetic-breakdown", f"    title: {_s('Reported values, USD billion')}",
                 f"    description: {_s('Bars of the first facts in USD billion.')}", "    bars:"]
        for i, fid in enumerate(bars):
            lines += [f"      - fact: {fid}", f"        label: {_s('Item ' + str(i + 1))}"]
        (facts_dir / "charts.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"facts": n_facts, "sources": len(sources), "entities": len(entities), "topics": shape.topics, "fact_ids": fact_ids,
            "shape": shape.name}


PER_FILE = 500  # records per registry file: a larger registry is written as a folder of files, as a team keeps it


def write_registry(facts_dir: Path, name: str, header: str, blocks: list[list[str]], per_file: int | None = None) -> None:
    """Write ``name``.yml, or past ``per_file`` (default PER_FILE) records the folder ``name``/ of numbered files in the same order."""
    per_file = per_file or PER_FILE
    if len(blocks) <= per_file:
        chunks = [(facts_dir / f"{name}.yml", blocks)]
    else:
        (facts_dir / name).mkdir(exist_ok=True)
        count = (len(blocks) + per_file - 1) // per_file
        width = len(str(count))
        chunks = [(facts_dir / name / f"{i + 1:0{width}d}.yml", blocks[i * per_file:(i + 1) * per_file]) for i in range(count)]
    for path, part in chunks:
        lines = [header, f"{name}:"]
        for block in part:
            lines += block
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docs(docs_dir: Path, fact_ids: list[str], repo_docs: Path | None = None) -> None:
    """Authored pages: a home page with inline fact references, a methodology page, the format reference."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    picks = fact_ids[:: max(1, len(fact_ids) // 20)][:20]
    rows = "\n".join(f"| Figure {i + 1} | [[fact:{fid}]] | [[fact:{fid}|claim]] |" for i, fid in enumerate(picks))
    prose = " ".join(WORDS)
    (docs_dir / "index.md").write_text(
        "# A synthetic fact sheet\n\n"
        f"{prose.capitalize()}.\n\n"
        "## The figures at a glance\n\n| What | Figure | Claim |\n| --- | --- | --- |\n" + rows + "\n\n"
        f"## Reading the figures\n\n{prose.capitalize()}, as [[fact:{fact_ids[0]}]] shows.\n",
        encoding="utf-8",
    )
    (docs_dir / "methodology.md").write_text(f"# Methodology\n\n{prose.capitalize()}.\n\n## Sources\n\n{prose}.\n", encoding="utf-8")
    reference = repo_docs / "reference" / "format.md" if repo_docs else None
    (docs_dir / "reference").mkdir(exist_ok=True)
    if reference is not None and reference.is_file() and "[[fact:" not in reference.read_text(encoding="utf-8"):
        (docs_dir / "reference" / "format.md").write_text(reference.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        (docs_dir / "reference" / "format.md").write_text("# Fact file format\n\nSee the repository.\n", encoding="utf-8")
