"""The operational indicators a PME should follow, per axis of the default framework.

Content, not interface text: like the framework, it is data in French, English and Arabic.
An axis this table does not know (another framework) falls back to its maturity score.
"""

from dataclasses import dataclass

from django.utils import translation


@dataclass(frozen=True)
class Kpi:
    name: tuple[str, str, str]  # (French, English, Arabic)
    measure: tuple[str, str, str]
    frequency: tuple[str, str, str]
    higher_is_better: bool = True


MONTHLY = ("Mensuelle", "Monthly", "شهرية")
WEEKLY = ("Hebdomadaire", "Weekly", "أسبوعية")
QUARTERLY = ("Trimestrielle", "Quarterly", "فصلية")

KPIS: dict[str, list[Kpi]] = {
    "STRAT": [
        Kpi(
            ("Avancement de la feuille de route", "Roadmap progress", "تقدم خارطة الطريق"),
            (
                "Actions terminées ÷ actions prévues à date, revu en comité de direction",
                "Actions completed ÷ actions planned to date, reviewed by management",
                "الإجراءات المنجزة ÷ الإجراءات المبرمجة إلى تاريخه، تُراجع في لجنة الإدارة",
            ),
            MONTHLY,
        ),
    ],
    "PROD": [
        Kpi(
            (
                "TRS (taux de rendement synthétique)",
                "OEE (overall equipment effectiveness)",
                "المردودية الإجمالية للتجهيزات (TRS)",
            ),
            (
                "Disponibilité × performance × qualité, sur la machine goulot",
                "Availability × performance × quality, on the bottleneck machine",
                "التوافر × الأداء × الجودة، على آلة عنق الزجاجة",
            ),
            WEEKLY,
        ),
        Kpi(
            ("Respect des délais de livraison", "On-time delivery", "احترام آجال التسليم"),
            (
                "Commandes livrées à la date promise ÷ commandes livrées",
                "Orders delivered on the promised date ÷ orders delivered",
                "الطلبيات المسلمة في التاريخ الموعود ÷ الطلبيات المسلمة",
            ),
            MONTHLY,
        ),
    ],
    "IOT": [
        Kpi(
            (
                "Part des équipements critiques connectés",
                "Share of critical equipment connected",
                "نسبة التجهيزات الحرجة المربوطة",
            ),
            (
                "Équipements remontant leurs données automatiquement ÷ équipements critiques",
                "Equipment reporting its data automatically ÷ critical equipment",
                "التجهيزات التي ترسل بياناتها تلقائيا ÷ التجهيزات الحرجة",
            ),
            QUARTERLY,
        ),
    ],
    "DATA": [
        Kpi(
            (
                "Indicateurs mis à jour automatiquement",
                "Indicators updated automatically",
                "المؤشرات المحيَّنة تلقائيا",
            ),
            (
                "Indicateurs de pilotage alimentés sans ressaisie ÷ indicateurs suivis",
                "Management indicators fed without re-keying ÷ indicators followed",
                "مؤشرات القيادة المغذاة دون إعادة إدخال ÷ المؤشرات المتتبَّعة",
            ),
            QUARTERLY,
        ),
    ],
    "MAINT": [
        Kpi(
            (
                "MTBF (temps moyen entre pannes)",
                "MTBF (mean time between failures)",
                "MTBF (متوسط المدة بين الأعطال)",
            ),
            (
                "Heures de fonctionnement ÷ nombre de pannes, par équipement critique",
                "Operating hours ÷ number of failures, per critical machine",
                "ساعات التشغيل ÷ عدد الأعطال، لكل تجهيز حرج",
            ),
            MONTHLY,
        ),
        Kpi(
            (
                "MTTR (temps moyen de réparation)",
                "MTTR (mean time to repair)",
                "MTTR (متوسط مدة الإصلاح)",
            ),
            (
                "Durée totale des réparations ÷ nombre de pannes",
                "Total repair time ÷ number of failures",
                "المدة الإجمالية للإصلاحات ÷ عدد الأعطال",
            ),
            MONTHLY,
            higher_is_better=False,
        ),
    ],
    "QUAL": [
        Kpi(
            ("Taux de non-conformité", "Non-conformity rate", "نسبة عدم المطابقة"),
            (
                "Pièces rebutées ou retouchées ÷ pièces produites (ppm ou %)",
                "Parts scrapped or reworked ÷ parts produced (ppm or %)",
                "القطع المرفوضة أو المعاد تصنيعها ÷ القطع المنتجة (ppm أو %)",
            ),
            WEEKLY,
            higher_is_better=False,
        ),
        Kpi(
            ("Réclamations clients", "Customer complaints", "شكايات الزبناء"),
            (
                "Nombre de réclamations reçues",
                "Number of complaints received",
                "عدد الشكايات المتوصل بها",
            ),
            MONTHLY,
            higher_is_better=False,
        ),
    ],
    "CYBER": [
        Kpi(
            (
                "Postes et serveurs à jour",
                "Computers and servers up to date",
                "الحواسيب والخوادم المحيَّنة",
            ),
            (
                "Postes avec correctifs de sécurité à jour ÷ postes du parc",
                "Machines with current security patches ÷ all machines",
                "الأجهزة ذات التصحيحات الأمنية المحيَّنة ÷ مجموع الأجهزة",
            ),
            MONTHLY,
        ),
        Kpi(
            (
                "Test de restauration des sauvegardes",
                "Backup restore test",
                "اختبار استرجاع النسخ الاحتياطية",
            ),
            (
                "Restauration réussie des données critiques (oui / non)",
                "Critical data restored successfully (yes / no)",
                "استرجاع البيانات الحرجة بنجاح (نعم / لا)",
            ),
            QUARTERLY,
        ),
    ],
    "SKILL": [
        Kpi(
            (
                "Heures de formation au numérique",
                "Hours of digital training",
                "ساعات التكوين في المجال الرقمي",
            ),
            (
                "Heures de formation suivies ÷ effectif concerné",
                "Training hours attended ÷ staff concerned",
                "ساعات التكوين المتابَعة ÷ عدد المستخدمين المعنيين",
            ),
            QUARTERLY,
        ),
    ],
    "ENERGY": [
        Kpi(
            ("Énergie par unité produite", "Energy per unit produced", "الطاقة لكل وحدة منتجة"),
            (
                "kWh consommés ÷ unités produites",
                "kWh used ÷ units produced",
                "الكيلوواط ساعة المستهلكة ÷ الوحدات المنتجة",
            ),
            MONTHLY,
            higher_is_better=False,
        ),
        Kpi(
            ("Eau par unité produite", "Water per unit produced", "الماء لكل وحدة منتجة"),
            (
                "m³ consommés ÷ unités produites",
                "m³ used ÷ units produced",
                "الأمتار المكعبة المستهلكة ÷ الوحدات المنتجة",
            ),
            MONTHLY,
            higher_is_better=False,
        ),
    ],
    "CHAIN": [
        Kpi(
            (
                "Commandes échangées sous forme numérique",
                "Orders exchanged digitally",
                "الطلبيات المتبادلة رقميا",
            ),
            (
                "Commandes clients et fournisseurs reçues ou passées par EDI ou portail ÷ total",
                "Customer and supplier orders exchanged by EDI or portal ÷ all orders",
                "طلبيات الزبناء والموردين المتبادلة عبر EDI أو بوابة ÷ مجموع الطلبيات",
            ),
            QUARTERLY,
        ),
    ],
}

FALLBACK = Kpi(
    ("Score de maturité de l'axe", "Maturity score of the axis", "نقطة نضج المحور"),
    (
        "Score 0–5 au prochain diagnostic",
        "0–5 score at the next diagnostic",
        "النقطة 0–5 في التشخيص المقبل",
    ),
    ("À chaque diagnostic", "At each diagnostic", "في كل تشخيص"),
)


@dataclass(frozen=True)
class KpiRow:
    axis_name: str
    name: str
    measure: str
    frequency: str
    higher_is_better: bool


LANGUAGE_INDEX = {"fr": 0, "en": 1, "ar": 2}


def _pick(text: tuple[str, str, str]) -> str:
    language = (translation.get_language() or "fr").split("-")[0]
    return text[LANGUAGE_INDEX.get(language, 0)]


def kpi_rows(axes: list[tuple[str, str]]) -> list[KpiRow]:
    """The indicators to follow for ``(axis code, axis name)`` pairs, in the active language."""
    return [
        KpiRow(
            name, _pick(kpi.name), _pick(kpi.measure), _pick(kpi.frequency), kpi.higher_is_better
        )
        for code, name in axes
        for kpi in KPIS.get(code, [FALLBACK])
    ]
