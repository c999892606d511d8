/* The flag-name table behind setattr/showattr (see fsflags.h). */
#include "backend/fsflags.h"

#include <linux/fs.h>
#include <stdio.h>
#include <string.h>

const struct fsflag fsflags[] = {
	{ "secrm", 's', FS_SECRM_FL },		{ "undel", 'u', FS_UNRM_FL },
	{ "compress", 'c', FS_COMPR_FL },	{ "sync", 'S', FS_SYNC_FL },
	{ "immutable", 'i', FS_IMMUTABLE_FL },	{ "append", 'a', FS_APPEND_FL },
	{ "nodump", 'd', FS_NODUMP_FL },	{ "noatime", 'A', FS_NOATIME_FL },
	{ "journal", 'j', FS_JOURNAL_DATA_FL },	{ "notail", 't', FS_NOTAIL_FL },
	{ "dirsync", 'D', FS_DIRSYNC_FL },	{ "topdir", 'T', FS_TOPDIR_FL },
	{ "extents", 'e', FS_EXTENT_FL },	{ "nocow", 'C', FS_NOCOW_FL },
	{ "dax", 'x', FS_DAX_FL },		{ "casefold", 'F', FS_CASEFOLD_FL },
	{ "projinherit", 'P', FS_PROJINHERIT_FL }, { "verity", 'V', FS_VERITY_FL },
	{ "nocompress", 'm', FS_NOCOMP_FL },
};
const size_t fsflags_count = sizeof(fsflags) / sizeof(fsflags[0]);

const struct fsflag *fsflag_find(const char *name)
{
	if (!strcmp(name, "immu"))
		name = "immutable";
	for (size_t i = 0; i < fsflags_count; i++)
		if (!strcmp(fsflags[i].name, name))
			return &fsflags[i];
	return NULL;
}

const char *fsflag_vserver_note(const char *name, int *fatal)
{
	static const struct {
		const char *name;
		int fatal;
		const char *note;
	} map[] = {
		{ "iunlink", 0, "mainline has no 'immutable but unlinkable' flag: set immutable only, "
				"so the file can no longer be removed or renamed over either (use "
				"vapt-get or vunify -R before package upgrades)" },
		{ "iunlink-but-not-immutable", 1, "mainline has no 'unlinkable' flag without "
				"immutable: nothing to set (use --immutable, or vunify)" },
		{ "ixunlink", 1, "mainline has no 'unlinkable' flag without immutable: nothing to "
				"set (use --immutable, or vunify)" },
		{ "barrier", 0, "not needed: guests are confined by pivot_root in a private mount "
				"namespace with the old root detached, so no chroot barrier exists or "
				"is set; nothing changed" },
		{ "admin", 1, "/proc visibility is not a file flag on mainline: vsm masks /proc and "
			      "/sys paths in each guest's own procfs" },
		{ "watch", 1, "/proc visibility is not a file flag on mainline: vsm masks /proc and "
			      "/sys paths in each guest's own procfs" },
		{ "hide", 1, "/proc visibility is not a file flag on mainline: vsm masks /proc and "
			     "/sys paths in each guest's own procfs" },
		{ "write", 1, "/proc write permission is not a file flag on mainline: vsm masks "
			      "/proc and /sys paths in each guest's own procfs" },
		{ "cow", 1, "mainline has no copy-on-write link breaking: un-share files with "
			    "vunify -R, or upgrade packages with vapt-get" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].name, name)) {
			*fatal = map[i].fatal;
			return map[i].note;
		}
	return NULL;
}

void fsflags_format(unsigned flags, char *buf, size_t len)
{
	size_t i;
	for (i = 0; i < fsflags_count && i + 1 < len; i++)
		buf[i] = (flags & fsflags[i].flag) ? fsflags[i].letter : '-';
	if (len)
		buf[i < len ? i : len - 1] = '\0';
}
