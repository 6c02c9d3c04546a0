from django.urls import path

from . import views

app_name = "proceedings"
urlpatterns = [
    path("author/<slug:slug>/papers/<int:number>/camera-ready/", views.camera_ready_view, name="camera-ready"),
    path("organize/<slug:slug>/proceedings/", views.organize_view, name="organize"),
    path("organize/<slug:slug>/proceedings/settings/", views.settings_view, name="settings"),
    path("organize/<slug:slug>/proceedings/builds/", views.build_start_view, name="build-start"),
    path("organize/<slug:slug>/proceedings/builds/<int:build_id>/", views.build_view, name="build"),
    path("organize/<slug:slug>/proceedings/builds/<int:build_id>.json", views.build_status_view, name="build-status"),
    # The public site catches /<slug>/<x>/ only after every app's paths, so these win.
    path("<slug:slug>/proceedings/", views.proceedings_view, name="public"),
    path("<slug:slug>/proceedings/volume.pdf", views.volume_pdf_view, name="volume-pdf"),
    path("<slug:slug>/proceedings/volume.bib", views.volume_bib_view, name="volume-bib"),
    path("<slug:slug>/proceedings/papers/<int:number>.pdf", views.paper_pdf_view, name="paper-pdf"),
    path("<slug:slug>/proceedings/papers/<int:number>.bib", views.paper_bib_view, name="paper-bib"),
]
