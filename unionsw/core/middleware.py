from .audit import current_ip


def client_ip(request) -> str:
    # Behind a trusted proxy set REMOTE_ADDR correctly (e.g. with the proxy's real-IP module).
    return request.META.get("REMOTE_ADDR", "")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
