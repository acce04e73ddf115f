from reports.urls_documents import urlpatterns as document_urls
from reports.urls_indicators import urlpatterns as indicator_urls

app_name = "reports"

urlpatterns = document_urls + indicator_urls
