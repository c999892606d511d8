/* What the low-level tools honour, for `vserver-info - FEATURE KIND:NAME`: scripts can ask before
 * they call vattribute or vlimit with something mainline cannot do. */
#ifndef VSM_CHAIN_FEATURE_H
#define VSM_CHAIN_FEATURE_H

#include "backend/error.h"

/* SPEC is cflag:NAME, ccap:NAME, nflag:NAME, bcap:NAME or vlimit:RES. 1 honoured, 0 not (ERR says
 * why and what to use instead), -ENOENT when SPEC is no such question. */
int chain_feature(const char *spec, struct vsm_error *err);

#endif
