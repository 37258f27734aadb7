/* Windows has no unix-socket peer credentials: its channel is a named pipe with an ACL (not built yet). */
#include <node_api.h>

NAPI_MODULE_INIT() { return exports; }
