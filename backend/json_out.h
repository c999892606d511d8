/* Machine output: one JSON schema per object kind (guest, process, snapshot), shared by --json,
 * vserver-stat --format=json and the remote protocol. doc/json-schema.md describes the fields. */
#ifndef VSM_JSON_OUT_H
#define VSM_JSON_OUT_H

#include <jansson.h>
#include "backend/snapshot.h"

#define JSON_SCHEMA_VERSION 1

/* New references (NULL only on allocation failure). */
json_t *json_guest(const struct snap_guest *g);
json_t *json_process(const struct snapshot *s, const struct snap_proc *p);
/* The whole snapshot; the process list only when WITH_PROCS (and the snapshot has one). */
json_t *json_snapshot(const struct snapshot *s, bool with_procs);

#endif
