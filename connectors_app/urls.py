from django.urls import path

from connectors_app.views import api, docs, flowchart, pages, pdf, report, wizard

app_name = "connectors"

urlpatterns = [
    path("", pages.home, name="home"),
    path("wizard/", wizard.wizard, name="wizard"),
    path("report/", report.report, name="report"),
    path("report.pdf", pdf.report_pdf, name="report-pdf"),
    path("flowchart.svg", flowchart.flowchart_svg, name="flowchart-svg"),
    path("flowchart.dot", flowchart.flowchart_dot, name="flowchart-dot"),
    path("flowchart.mmd", flowchart.flowchart_mmd, name="flowchart-mmd"),
    path("api/recommendation", api.recommendation, name="api-recommendation"),
    path("docs/connectors/", docs.connector_list, name="connector-list"),
    path("docs/connectors/choosing-a-connector/", docs.docs_page, name="docs"),
    path("docs/connectors/<slug:connector_id>/", docs.connector_page, name="connector"),
    path("embed/", docs.embed, name="embed"),
    path("embed/snippet/", docs.embed_snippet, name="embed-snippet"),
    path("gallery/", pages.gallery, name="gallery"),
]
