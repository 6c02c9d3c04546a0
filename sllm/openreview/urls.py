app_name = "openreview"
urlpatterns: list = []
