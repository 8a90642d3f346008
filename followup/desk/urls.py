from django.urls import path

from followup.desk import views

app_name = "desk"
urlpatterns = [path("", views.start, name="start")]
