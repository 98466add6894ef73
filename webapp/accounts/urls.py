from django.urls import path

from webapp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("register/", views.register_view, name="register"),
    path("logout/", views.logout_view, name="logout"),
    path("logout-everywhere/", views.logout_everywhere_view, name="logout_everywhere"),
    path("profile/", views.profile_view, name="profile"),
    path("delete/", views.delete_account_view, name="delete"),
]
