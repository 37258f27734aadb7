/* The credentials the kernel recorded for the process at the other end of a connected unix socket: read from
 * the kernel, never from anything the peer sends. Linux: SO_PEERCRED; macOS and the BSDs: getpeereid (+ the
 * pid where the OS gives it). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef __APPLE__
#include <sys/un.h>
#endif
#include <node_api.h>

static napi_value fail(napi_env env, const char *what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value set_int(napi_env env, napi_value obj, const char *name, int64_t value) {
  napi_value v;
  napi_create_int64(env, value, &v);
  napi_set_named_property(env, obj, name, v);
  return obj;
}

static napi_value peer_credentials(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
    napi_throw_type_error(env, NULL, "peerCredentials(fd) takes a socket's file descriptor");
    return NULL;
  }
  napi_value result;
  napi_create_object(env, &result);
#if defined(__linux__)
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return fail(env, "SO_PEERCRED", errno);
  set_int(env, result, "uid", cred.uid);
  set_int(env, result, "gid", cred.gid);
  set_int(env, result, "pid", cred.pid);
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__OpenBSD__) || defined(__NetBSD__)
  uid_t uid;
  gid_t gid;
  if (getpeereid(fd, &uid, &gid) != 0) return fail(env, "getpeereid", errno);
  set_int(env, result, "uid", uid);
  set_int(env, result, "gid", gid);
#if defined(LOCAL_PEERPID)
  pid_t pid;
  socklen_t len = sizeof pid;
  set_int(env, result, "pid", getsockopt(fd, SOL_LOCAL, LOCAL_PEERPID, &pid, &len) == 0 ? pid : 0);
#else
  set_int(env, result, "pid", 0);
#endif
#else
  return fail(env, "peer credentials", ENOSYS);
#endif
  return result;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "peerCredentials", NAPI_AUTO_LENGTH, peer_credentials, NULL, &fn);
  napi_set_named_property(env, exports, "peerCredentials", fn);
  return exports;
}
