"""The operational indicators a PME should follow, per axis of the default framework.

Content, not interface text: like the framework, it is data in French and English.
An axis this table does not know (another framework) falls back to its maturity score.
"""

from dataclasses import dataclass

from django.utils import translation


@dataclass(frozen=True)
class Kpi:
    name: tuple[str, str]  # (French, English)
    measure: tuple[str, str]
    frequency: tuple[str, str]
    higher_is_better: bool = True


MONTHLY = ("Mensuelle", "Monthly")
WEEKLY = ("Hebdomadaire", "Weekly")
QUARTERLY = ("Trimestrielle", "Quarterly")

KPIS: dict[str, list[Kpi]] = {
    "STRAT": [
        Kpi(
            ("Avancement de la feuille de route", "Roadmap progress"),
            (
                "Actions terminées ÷ actions prévues à date, revu en comité de direction",
                "Actions completed ÷ actions planned to date, reviewed by management",
            ),
            MONTHLY,
        ),
    ],
    "PROD": [
        Kpi(
            ("TRS (taux de rendement synthétique)", "OEE (overall equipment effectiveness)"),
            (
                "Disponibilité × performance × qualité, sur la machine goulot",
                "Availability × performance × quality, on the bottleneck machine",
            ),
            WEEKLY,
        ),
        Kpi(
            ("Respect des délais de livraison", "On-time delivery"),
            (
                "Commandes livrées à la date promise ÷ commandes livrées",
                "Orders delivered on the promised date ÷ orders delivered",
            ),
            MONTHLY,
        ),
    ],
    "IOT": [
        Kpi(
            ("Part des équipements critiques connectés", "Share of critical equipment connected"),
            (
                "Équipements remontant leurs données automatiquement ÷ équipements critiques",
                "Equipment reporting its data automatically ÷ critical equipment",
            ),
            QUARTERLY,
        ),
    ],
    "DATA": [
        Kpi(
            ("Indicateurs mis à jour automatiquement", "Indicators updated automatically"),
            (
                "Indicateurs de pilotage alimentés sans ressaisie ÷ indicateurs suivis",
                "Management indicators fed without re-keying ÷ indicators followed",
            ),
            QUARTERLY,
        ),
    ],
    "MAINT": [
        Kpi(
            ("MTBF (temps moyen entre pannes)", "MTBF (mean time between failures)"),
            (
                "Heures de fonctionnement ÷ nombre de pannes, par équipement critique",
                "Operating hours ÷ number of failures, per critical machine",
            ),
            MONTHLY,
        ),
        Kpi(
            ("MTTR (temps moyen de réparation)", "MTTR (mean time to repair)"),
            (
                "Durée totale des réparations ÷ nombre de pannes",
                "Total repair time ÷ number of failures",
            ),
            MONTHLY,
            higher_is_better=False,
        ),
    ],
    "QUAL": [
        Kpi(
            ("Taux de non-conformité", "Non-conformity rate"),
            (
                "Pièces rebutées ou retouchées ÷ pièces produites (ppm ou %)",
                "Parts scrapped or reworked ÷ parts produced (ppm or %)",
            ),
            WEEKLY,
            higher_is_better=False,
        ),
        Kpi(
            ("Réclamations clients", "Customer complaints"),
            ("Nombre de réclamations reçues", "Number of complaints received"),
            MONTHLY,
            higher_is_better=False,
        ),
    ],
    "CYBER": [
        Kpi(
            ("Postes et serveurs à jour", "Computers and servers up to date"),
            (
                "Postes avec correctifs de sécurité à jour ÷ postes du parc",
                "Machines with current security patches ÷ all machines",
            ),
            MONTHLY,
        ),
        Kpi(
            ("Test de restauration des sauvegardes", "Backup restore test"),
            (
                "Restauration réussie des données critiques (oui / non)",
                "Critical data restored successfully (yes / no)",
            ),
            QUARTERLY,
        ),
    ],
    "SKILL": [
        Kpi(
            ("Heures de formation au numérique", "Hours of digital training"),
            (
                "Heures de formation suivies ÷ effectif concerné",
                "Training hours attended ÷ staff concerned",
            ),
            QUARTERLY,
        ),
    ],
    "ENERGY": [
        Kpi(
            ("Énergie par unité produite", "Energy per unit produced"),
            ("kWh consommés ÷ unités produites", "kWh used ÷ units produced"),
            MONTHLY,
            higher_is_better=False,
        ),
        Kpi(
            ("Eau par unité produite", "Water per unit produced"),
            ("m³ consommés ÷ unités produites", "m³ used ÷ units produced"),
            MONTHLY,
            higher_is_better=False,
        ),
    ],
    "CHAIN": [
        Kpi(
            ("Commandes échangées sous forme numérique", "Orders exchanged digitally"),
            (
                "Commandes clients et fournisseurs reçues ou passées par EDI ou portail ÷ total",
                "Customer and supplier orders exchanged by EDI or portal ÷ all orders",
            ),
            QUARTERLY,
        ),
    ],
}

FALLBACK = Kpi(
    ("Score de maturité de l'axe", "Maturity score of the axis"),
    ("Score 0–5 au prochain diagnostic", "0–5 score at the next diagnostic"),
    ("À chaque diagnostic", "At each diagnostic"),
)


@dataclass(frozen=True)
class KpiRow:
    axis_name: str
    name: str
    measure: str
    frequency: str
    higher_is_better: bool


def _pick(text: tuple[str, str]) -> str:
    return text[1] if (translation.get_language() or "fr").startswith("en") else text[0]


def kpi_rows(axes: list[tuple[str, str]]) -> list[KpiRow]:
    """The indicators to follow for ``(axis code, axis name)`` pairs, in the active language."""
    return [
        KpiRow(
            name, _pick(kpi.name), _pick(kpi.measure), _pick(kpi.frequency), kpi.higher_is_better
        )
        for code, name in axes
        for kpi in KPIS.get(code, [FALLBACK])
    ]
