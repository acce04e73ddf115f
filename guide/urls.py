from django.urls import path

from guide import views

app_name = "guide"
urlpatterns = [
    path("", views.guide_home, name="home"),
    path("<slug:role>/", views.guide_page, name="guide"),
    path("<slug:role>/guide.pdf", views.guide_pdf, name="pdf"),
]
