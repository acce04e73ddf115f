from reports.bank.urls import urlpatterns as bank_urls
from reports.documents.urls import urlpatterns as document_urls
from reports.monitoring.urls import urlpatterns as indicator_urls

app_name = "reports"

urlpatterns = document_urls + indicator_urls + bank_urls
