"""The Excel add-in: a task pane served by `roedtraad serve`, built on xlwings.

"Valider" sends the open workbook (xlwings' Office.js client, `getBookData`)
to `POST /addin/validate`; the service builds an xlwings remote Book from it,
reads it with the same reader as files (`read_grid_submission`), validates it
with the same rules, and answers with xlwings actions that colour the cells of
the findings, fill the computed columns and keep a findings sheet.
"Indsend" posts the saved file to `POST /api/submissions`. `lite` writes the
same validation as an xlwings Lite script, with no server.

Nothing here holds a rule, a reader or a writer of its own.
"""
