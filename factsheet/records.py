"""The schema of each kind of fact file, written once as field specs."""

from __future__ import annotations

from . import model as m
from .schema import Bool, Choice, Date, ListOf, Number, Record, Slug, Text, Url

WARNING = Record({"text": Text(required=True, description="The warning, plain text.")}, m.SourceWarning)

SOURCE = Record(
    {
        "id": Slug(required=True, description="Stable id of the source, used in its permalink."),
        "title": Text(required=True, max_length=400, description="Title of the article or report."),
        "title_inferred": Bool(default=False, description="True when the title was inferred, e.g. from the URL."),
        "outlet": Text(required=True, max_length=200, description="Who published this copy."),
        "authors": ListOf(Text(max_length=200), default=list, description="Bylines; empty when none is shown (a copy we read) or none was found (a report we have not read)."),
        "published": Date(description="Publication date (partial ISO date allowed)."),
        "published_inferred": Bool(default=False, description="True when the date is an inference."),
        "url": Url(description="Address of this copy (http or https)."),
        "archive_url": Url(description="Address of an archived copy."),
        "archive_date": Date(description="When the archived copy was made."),
        "accessed": Date(description="When we read it."),
        "capture": Text(max_length=200, description="File name of our stored capture, for the verbatim-quote check."),
        "kind": Choice(m.SOURCE_KINDS, required=True, description="What kind of source this is."),
        "language": Text(max_length=20, default="en", description="BCP 47 language tag."),
        "based_on": ListOf(Slug(), default=list, unique=True, description="Ids of the sources this one relays."),
        "reliability": Choice(m.RELIABILITY, default="unknown", description="Editors' rating."),
        "notes": Text(max_length=4000, description="What is inferred and what is unknown, plain text."),
        "warnings": ListOf(WARNING, default=list, description="Reliability warnings shown to readers."),
    },
    m.Source,
    title="Source",
)

ENTITY = Record(
    {
        "id": Slug(required=True, description="Stable id of the entity."),
        "name": Text(required=True, max_length=200, description="Display name."),
        "kind": Choice(m.ENTITY_KINDS, required=True, description="What kind of thing this is."),
        "aliases": ListOf(Text(max_length=200), default=list, description="Other spellings, for search."),
        "country": Text(max_length=100, description="Country, where it helps."),
        "description": Text(max_length=2000, description="One or two plain sentences."),
        "url": Url(description="An official or reference address."),
    },
    m.Entity,
    title="Entity",
)

FIGURE = Record(
    {
        "value": Number(description="The number, without quotes (required unless the fact is derived)."),
        "value_max": Number(description="Upper bound, when the figure is a range."),
        "unit": Text(required=True, max_length=60, description="percent, a currency code (USD) or a count noun."),
        "scale": Choice(tuple(m.SCALES), description="thousand, million, billion or trillion."),
        "qualifier": Choice(m.QUALIFIERS, default="exact", description="How the figure is hedged."),
        "period": Text(max_length=120, description="The period the figure covers."),
        "as_of": Date(description="When the figure was stated or true."),
    },
    m.Figure,
    title="Figure",
)

CITATION = Record(
    {
        "source": Slug(required=True, description="Id of the cited source."),
        "quote": Text(required=True, max_length=1200, description="The shortest verbatim passage that carries the fact."),
        "locator": Text(max_length=120, description="Where in the source: paragraph, page, section."),
        "qualifier": Choice(m.QUALIFIERS, description="How this source hedges the figure."),
        "value": Number(description="The value this source gives, where it differs."),
        "wording": Text(max_length=200, description="How this source words the thing measured."),
        "relays": ListOf(Slug(), unique=True, description="Ids of the reports this passage relays, overriding the "
                         "source's based_on; [] when the passage is the copy's own words."),
    },
    m.Citation,
    title="Citation",
    key_positions=True,
)

CORRECTION = Record(
    {
        "date": Date(required=True, description="When the correction was made."),
        "change": Text(required=True, max_length=1000, description="What changed, plain text."),
        "reason": Text(required=True, max_length=1000, description="Why it changed, plain text."),
    },
    m.Correction,
    title="Correction",
)

WITHDRAWAL = Record(
    {
        "date": Date(required=True, description="When the fact was withdrawn."),
        "reason": Text(required=True, max_length=1000, description="Why, shown at the fact's permalink."),
    },
    m.Withdrawal,
    title="Withdrawal",
)

DERIVATION = Record(
    {
        "op": Choice(m.DERIVATIONS, required=True, description="sum of the facts; difference (the first minus the "
                     "rest); share (the first as a percentage of the second)."),
        "of": ListOf(Slug(), required=True, min_items=2, description="Ids of the facts whose figures are the inputs, in order."),
    },
    m.Derivation,
    title="Derivation",
)

ANNOTATION = Record(
    {
        "kind": Choice(m.ANNOTATION_KINDS, required=True, description="What kind of note."),
        "text": Text(required=True, max_length=4000, description="The note, plain text."),
        "date": Date(description="When the note was written."),
    },
    m.Annotation,
    title="Annotation",
)

FACT = Record(
    {
        "id": Slug(required=True, description="Stable id, used in the fact's permalink."),
        "claim": Text(required=True, max_length=600, description="The claim in one plain sentence."),
        "figure": FIGURE,
        "event_date": Date(description="Date of the event the fact reports; puts it on the timeline."),
        "claimant": Slug(required=True, description="Entity id of who makes the claim."),
        "status": Choice(m.STATUSES, default="reported", description="Standing of the claim."),
        "citations": ListOf(CITATION, default=list, description="Sources with verbatim quotes (required unless the fact is derived)."),
        "annotations": ListOf(ANNOTATION, default=list, description="Editors' notes."),
        "entities": ListOf(Slug(), default=list, unique=True, description="Ids of entities the fact is about."),
        "tags": ListOf(Slug(), default=list, unique=True, description="Plain tags."),
        "added": Date(required=True, description="When the fact was added."),
        "updated": Date(description="When the fact last changed in substance."),
        "unhedged": Text(max_length=1000, description="Why the claim is stated without a hedge its quote carries; shown to readers."),
        "derived": DERIVATION,
        "corrections": ListOf(CORRECTION, default=list, description="Dated corrections: what changed and why."),
        "withdrawn": WITHDRAWAL,
    },
    m.Fact,
    title="Fact",
    key_positions=True,
)

TOPIC_HEAD = Record(
    {
        "id": Slug(required=True, description="Topic id; equals the file name."),
        "title": Text(required=True, max_length=200, description="Heading of the topic page."),
        "order": Number(default=100, description="Sort key in navigation."),
        "summary": Text(max_length=4000, description="Introduction, plain text."),
    },
    m.TopicHead,
    required=True,
    title="Topic",
)

BAR = Record(
    {
        "fact": Slug(required=True, description="Id of a fact with a figure."),
        "label": Text(required=True, max_length=80, description="Label of the bar."),
    },
    m.Bar,
)

CHART = Record(
    {
        "id": Slug(required=True, description="Chart id."),
        "title": Text(required=True, max_length=200, description="Title of the chart."),
        "description": Text(required=True, max_length=1000, description="Text alternative of the chart."),
        "kind": Choice(("bar",), default="bar", description="Chart type."),
        "total": Slug(description="Id of the fact whose figure is the whole."),
        "bars": ListOf(BAR, required=True, min_items=1, description="The marks."),
    },
    m.Chart,
    title="Chart",
)

SOURCES_FILE = Record({"sources": ListOf(SOURCE, required=True, description="The source registry.")}, title="Sources file")
ENTITIES_FILE = Record({"entities": ListOf(ENTITY, required=True, description="The entity registry.")}, title="Entities file")
TOPIC_FILE = Record(
    {
        "topic": TOPIC_HEAD,
        "facts": ListOf(FACT, required=True, description="The facts of this topic."),
    },
    title="Topic file",
)
CHARTS_FILE = Record({"charts": ListOf(CHART, required=True, description="Chart definitions.")}, title="Charts file")

FILES = {
    "sources": SOURCES_FILE,
    "entities": ENTITIES_FILE,
    "topic": TOPIC_FILE,
    "charts": CHARTS_FILE,
}
