"""The units file of site provisioning: one ``kind,name,hostname,parent`` row per
unit (PORTAL.md §7, ``provision_site --from-file``).

Read through the tabular framework (``cms.core.tabular``): CSV (UTF-8, with or
without a byte-order mark, header row), or XLSX/JSON by extension; rows are
numbered as a spreadsheet shows them, for the row-numbered errors of
``provision_many``.
"""

from __future__ import annotations

from cms.core.tabular import Source, open_table
from sites.provisioning import SiteSpec

COLUMNS = ("kind", "name", "hostname", "parent")
REQUIRED_COLUMNS = ("kind", "name", "hostname")


def read_specs(
    source: Source, filename: str | None = None
) -> list[tuple[int, SiteSpec]]:
    """(row number, site request) for every non-blank row of the file.

    Raises ``TabularError`` for a file that cannot be read, lacks a required
    column or has a broken row. A units file holds a few hundred rows at most,
    so it is read whole: the rows are counted for the progress bar and a
    parent may be named before or after its children's rows are checked.
    """
    with open_table(source, filename, required=REQUIRED_COLUMNS) as table:
        specs = [
            (
                row.number,
                SiteSpec(
                    kind=row.get("kind", "").strip(),
                    name=row.get("name", "").strip(),
                    hostname=row.get("hostname", "").strip(),
                    parent=row.get("parent", "").strip(),
                ),
            )
            for row in table
        ]
    table.errors.raise_if_any()
    return specs
