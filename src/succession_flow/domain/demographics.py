"""Self-identified demographics: the categories a fairness audit counts, and nothing a rule reads.

The values are what the employee chose to disclose (the EEO-1 categories, or "not disclosed"),
stored as stable codes so a label can change without rewriting history. They are recorded on
the employee (`DemographicsDeclared`) but kept apart from everything a decision sees: no step
supplies them as a fact, and a rule set that declares one is refused by `rules check`.
"""

from __future__ import annotations

NOT_DISCLOSED = "not-disclosed"

SEXES: dict[str, str] = {"female": "Female", "male": "Male", NOT_DISCLOSED: "Not disclosed"}
"""EEO-1 sex categories (the form's two), plus the employee's choice not to say."""

RACES: dict[str, str] = {
    "hispanic-latino": "Hispanic or Latino",
    "white": "White",
    "black": "Black or African American",
    "native-hawaiian-pacific-islander": "Native Hawaiian or Other Pacific Islander",
    "asian": "Asian",
    "american-indian-alaska-native": "American Indian or Alaska Native",
    "two-or-more": "Two or More Races",
    NOT_DISCLOSED: "Not disclosed",
}
"""EEO-1 race/ethnicity categories, plus the employee's choice not to say."""

DIMENSIONS: dict[str, dict[str, str]] = {"sex": SEXES, "race_ethnicity": RACES}
"""Each self-identified dimension and its categories (code: label)."""

INTERSECTION = "sex x race_ethnicity"
"""The intersection an audit also reports (NYC Local Law 144)."""

DEMOGRAPHIC_WORDS = frozenset(
    {
        "sex",
        "gender",
        "race",
        "ethnicity",
        "race_ethnicity",
        "demographic",
        "demographics",
        *(code.replace("-", "_") for codes in DIMENSIONS.values() for code in codes),
    }
    - {NOT_DISCLOSED.replace("-", "_")}
)
"""Names a rule set may not give a fact: a decision must never read a protected category."""


def is_demographic_fact(name: str) -> bool:
    """Whether a fact's name, or one of its words, names a demographic category."""
    return name in DEMOGRAPHIC_WORDS or any(word in DEMOGRAPHIC_WORDS for word in name.split("_"))


def category_code(dimension: str, raw: str) -> str:
    """The stable code for what an export wrote: the code itself or the EEO-1 label, any case
    (`Black or African American`, `black`, `not disclosed`); an empty cell is not disclosed."""
    categories = DIMENSIONS[dimension]
    text = " ".join(raw.split()).lower()
    if not text:
        return NOT_DISCLOSED
    by_label = {label.lower(): code for code, label in categories.items()}
    return by_label.get(text, text.replace(" ", "-"))
