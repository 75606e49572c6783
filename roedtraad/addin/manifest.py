"""The add-in's XML manifest: what Excel sideloads and what a Microsoft 365 admin deploys centrally.

A task-pane add-in for Excel (Host "Workbook") whose ribbon button on the Home
tab opens the task pane served by `roedtraad serve` at URL/addin/taskpane.html.
The id is derived from the URL, so writing the manifest again for the same
service gives the same add-in (an update, not a second add-in).
"""
from __future__ import annotations

import uuid
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from ..i18n import Text

NAME = Text("Røde tråd", "Röda tråden", "Red thread")
DESCRIPTION = Text("Valider mål- og budgetaftalen mod den røde tråd, og indsend den til økonomi.",
                   "Validera mål- och budgetplanen mot den röda tråden och skicka in den till ekonomi.",
                   "Check the goal and budget agreement against the red thread and hand it in to finance.")
GROUP = Text("Røde tråd", "Röda tråden", "Red thread")
BUTTON = Text("Valider og indsend", "Validera och skicka in", "Validate and hand in")
TOOLTIP = Text("Åbner ruden, hvor aftalen valideres og indsendes.",
               "Öppnar fönstret där planen valideras och skickas in.",
               "Opens the pane where the agreement is validated and handed in.")
LOCALES = {"da": "da-DK", "sv": "sv-SE", "en": "en-US"}
TASKPANE_PATH = "/addin/taskpane.html"
ICON_PATH = "/addin/static/icons/icon-{size}.png"


class ManifestError(ValueError):
    """The service URL cannot carry an add-in (Office loads add-ins over https only)."""


def service_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise ManifestError(f"the add-in must be served over https (https://HOST:PORT), got {url!r}")
    return f"https://{parts.netloc}{parts.path.rstrip('/')}"


def _text(tag: str, text: Text, attribute: str = "DefaultValue", indent: str = "  ") -> str:
    overrides = "".join(f'\n{indent}  <Override Locale="{LOCALES[lang]}" Value={quoteattr(getattr(text, lang))} />'
                        for lang in ("sv", "en"))
    return f"{indent}<{tag} {attribute}={quoteattr(text.da)}>{overrides}\n{indent}</{tag}>"


def _resource(tag: str, resid: str, text: Text) -> str:
    overrides = "".join(f'\n            <bt:Override Locale="{LOCALES[lang]}" Value={quoteattr(getattr(text, lang))} />'
                        for lang in ("sv", "en"))
    return f'          <bt:{tag} id="{resid}" DefaultValue={quoteattr(text.da)}>{overrides}\n          </bt:{tag}>'


def manifest_xml(url: str, *, version: str = "1.0.0.0") -> str:
    """The manifest for a service at `url` (https://HOST:PORT, optionally with a path)."""
    base = service_url(url)
    addin_id = uuid.uuid5(uuid.NAMESPACE_URL, base + TASKPANE_PATH)
    origin = urlsplit(base)
    pane = escape(base + TASKPANE_PATH)
    icon = {size: escape(base + ICON_PATH.format(size=size)) for size in (16, 32, 64, 80)}
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
  xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="TaskPaneApp">
  <Id>{addin_id}</Id>
  <Version>{escape(version)}</Version>
  <ProviderName>roedtraad</ProviderName>
  <DefaultLocale>da-DK</DefaultLocale>
{_text("DisplayName", NAME)}
{_text("Description", DESCRIPTION)}
  <IconUrl DefaultValue="{icon[32]}" />
  <HighResolutionIconUrl DefaultValue="{icon[64]}" />
  <SupportUrl DefaultValue="{pane}" />
  <AppDomains>
    <AppDomain>{escape(f"https://{origin.netloc}")}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook" />
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="ExcelApi" MinVersion="1.7" />
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="{pane}" />
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="Roedtraad.Group.Label" />
            <Description resid="Roedtraad.Button.Tooltip" />
            <LearnMoreUrl resid="Roedtraad.Taskpane.Url" />
          </GetStarted>
          <FunctionFile resid="Roedtraad.Taskpane.Url" />
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="Roedtraad.Group">
                <Label resid="Roedtraad.Group.Label" />
                <Icon>
                  <bt:Image size="16" resid="Roedtraad.Icon.16" />
                  <bt:Image size="32" resid="Roedtraad.Icon.32" />
                  <bt:Image size="80" resid="Roedtraad.Icon.80" />
                </Icon>
                <Control xsi:type="Button" id="Roedtraad.TaskpaneButton">
                  <Label resid="Roedtraad.Button.Label" />
                  <Supertip>
                    <Title resid="Roedtraad.Button.Label" />
                    <Description resid="Roedtraad.Button.Tooltip" />
                  </Supertip>
                  <Icon>
                    <bt:Image size="16" resid="Roedtraad.Icon.16" />
                    <bt:Image size="32" resid="Roedtraad.Icon.32" />
                    <bt:Image size="80" resid="Roedtraad.Icon.80" />
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>RoedtraadPane</TaskpaneId>
                    <SourceLocation resid="Roedtraad.Taskpane.Url" />
                  </Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
        <bt:Image id="Roedtraad.Icon.16" DefaultValue="{icon[16]}" />
        <bt:Image id="Roedtraad.Icon.32" DefaultValue="{icon[32]}" />
        <bt:Image id="Roedtraad.Icon.80" DefaultValue="{icon[80]}" />
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Roedtraad.Taskpane.Url" DefaultValue="{pane}" />
      </bt:Urls>
      <bt:ShortStrings>
{_resource("String", "Roedtraad.Group.Label", GROUP)}
{_resource("String", "Roedtraad.Button.Label", BUTTON)}
      </bt:ShortStrings>
      <bt:LongStrings>
{_resource("String", "Roedtraad.Button.Tooltip", TOOLTIP)}
      </bt:LongStrings>
    </Resources>
  </VersionOverrides>
</OfficeApp>
"""
