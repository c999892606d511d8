/* Names of the inode flags mainline reports through FS_IOC_GETFLAGS (chattr's letters), and how
 * util-vserver's setattr/showattr attribute names map onto them. */
#ifndef VSM_FSFLAGS_H
#define VSM_FSFLAGS_H

#include <stddef.h>

struct fsflag {
	const char *name;	/* long option name: "immutable", "append", ... */
	char letter;		/* chattr(1)'s letter */
	unsigned flag;		/* FS_*_FL */
};

extern const struct fsflag fsflags[];
extern const size_t fsflags_count;

/* The flag named NAME (also util-vserver's "immu"), or NULL. */
const struct fsflag *fsflag_find(const char *name);

/* How one of util-vserver's vserver-only attribute names maps on mainline: NULL when it is not
 * one of them, else a sentence for the user. *FATAL tells whether asking for it is an error
 * (nothing equivalent) or only a note (the protection exists in another form). */
const char *fsflag_vserver_note(const char *name, int *fatal);

/* lsattr-style string of FLAGS ("----i---------e----") into BUF (at least fsflags_count + 1). */
void fsflags_format(unsigned flags, char *buf, size_t len);

#endif
