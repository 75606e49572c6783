"""The task pane's page: one HTML file, its texts in the user's language, nothing from the internet."""
from __future__ import annotations

import json
from html import escape
from importlib import resources
from string import Template

from ..i18n import Lang, Text

STATIC_URL = "/addin/static"
APP_PATH = "/addin"

PAGE = {
    "title": Text("Røde tråd", "Röda tråden", "Red thread"),
    "language_label": Text("Sprog", "Språk", "Language"),
    "token_label": Text("Din adgangsnøgle fra økonomi", "Din åtkomstnyckel från ekonomi", "Your access key from finance"),
    "save_token": Text("Gem nøglen", "Spara nyckeln", "Save the key"),
    "token_hint": Text("Nøglen gemmes i tilføjelsesprogrammet på denne computer; du skal kun skrive den én gang.",
                       "Nyckeln sparas i tillägget på den här datorn; du behöver bara skriva den en gång.",
                       "The key is kept in the add-in on this computer; you only enter it once."),
    "validate": Text("Valider", "Validera", "Validate"),
    "submit": Text("Indsend", "Skicka in", "Hand in"),
    "forget_token": Text("Skift adgangsnøgle", "Byt åtkomstnyckel", "Change access key"),
    "footer": Text("Klik på et fund for at gå til cellen. Fejl er farvet røde, advarsler gule.",
                   "Klicka på ett fynd för att gå till cellen. Fel är röda, varningar gula.",
                   "Click a finding to go to its cell. Errors are coloured red, warnings yellow."),
}
SCRIPT = {
    "validating": Text("Validerer …", "Validerar …", "Validating …"),
    "submitting": Text("Indsender …", "Skickar in …", "Handing in …"),
    "submitted": Text("Aftalen er indsendt.", "Planen är inskickad.", "The agreement has been handed in."),
    "submitted_version": Text("Aftalen er indsendt som version {version}.", "Planen är inskickad som version {version}.",
                              "The agreement has been handed in as version {version}."),
    "counts": Text("{errors} fejl, {warnings} advarsler.", "{errors} fel, {warnings} varningar.",
                   "{errors} errors, {warnings} warnings."),
    "failed": Text("Det lykkedes ikke:", "Det gick inte:", "That did not work:"),
    "token_needed": Text("Skriv først din adgangsnøgle.", "Skriv först din åtkomstnyckel.", "Enter your access key first."),
    "token_saved": Text("Nøglen er gemt.", "Nyckeln är sparad.", "The key has been saved."),
    "token_refused": Text("Adgangsnøglen blev afvist. Skriv den igen, eller bed økonomi om en ny.",
                          "Åtkomstnyckeln avvisades. Skriv den igen eller be ekonomi om en ny.",
                          "The access key was refused. Enter it again, or ask finance for a new one."),
    "select_cell": Text("Gå til cellen", "Gå till cellen", "Go to the cell"),
}


def _json_in_html(value: object) -> str:
    """JSON inside a <script> element: "<" escaped so no text can close the element."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def taskpane_html(lang: Lang, api_path: str = "/api") -> str:
    template = Template(resources.files("roedtraad.addin").joinpath("templates/taskpane.html").read_text("utf-8"))
    config = {
        # Read by xlwings' client (config.js): no Wasm, no xlwings Lite, our own app path.
        "onWasm": False, "isOfficialLiteAddin": False, "appPath": APP_PATH, "xlwingsVersion": "1.20.0",
        "requestTimeout": 300, "authProviders": [], "environment": "prod",
        # Read by the pane.
        "lang": lang, "apiPath": api_path,
    }
    values = {key: escape(text(lang)) for key, text in PAGE.items()}
    return template.substitute(lang=lang, static=STATIC_URL, config=_json_in_html(config),
                               texts=_json_in_html({key: text(lang) for key, text in SCRIPT.items()}), **values)
