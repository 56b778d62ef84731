"""The themes a site can pick. Adding a theme = a folder + one entry here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    label: str

    @property
    def base_template(self) -> str:
        return f"themes/{self.key}/base.html"

    @property
    def stylesheet(self) -> str:
        return f"themes/{self.key}/css/main.css"


THEMES: dict[str, Theme] = {
    "default": Theme("default", "Mặc định (xanh cổng dịch vụ công)"),
}
DEFAULT_THEME = "default"


def get_theme(key: str | None) -> Theme:
    return THEMES.get(key or DEFAULT_THEME, THEMES[DEFAULT_THEME])


def theme_choices() -> list[tuple[str, str]]:
    return [(theme.key, theme.label) for theme in THEMES.values()]
