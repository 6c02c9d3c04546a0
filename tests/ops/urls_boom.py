"""The platform's URLs plus one view that fails, holding what must never reach an error report."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from sllm.urls import handler500
from sllm.urls import urlpatterns as platform_urlpatterns

__all__ = ["handler500", "urlpatterns"]


@csrf_exempt  # posted straight to the WSGI handler, without a form
def boom_view(request):
    request.user.is_authenticated  # noqa: B018 -- loads the user, as login_required does in the platform's views
    # Local variables holding what a user wrote: an error report must carry neither.
    abstract = request.POST.get("abstract", "")
    ranking = request.POST.get("ranking", "")
    raise RuntimeError(f"failed after reading {len(abstract) + len(ranking)} characters")


urlpatterns = [path("boom/", boom_view), *platform_urlpatterns]
