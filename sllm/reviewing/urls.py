app_name = "reviewing"
urlpatterns: list = []
