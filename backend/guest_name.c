/* Guest name rules (documented in doc/man/vservers.5). */
#include "backend/guest_name.h"

#include <ctype.h>
#include <string.h>

int guest_name_check(const char *name, struct vsm_error *err)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0)
		return vsm_error_set(err, EINVAL, "guest name is empty");
	if (n > GUEST_NAME_MAX)
		return vsm_error_set(err, EINVAL, "guest name '%.40s%s' is %zu characters; at most %d",
				     name, n > 40 ? "…" : "", n, GUEST_NAME_MAX);
	if (!isalnum((unsigned char)name[0]))
		return vsm_error_set(err, EINVAL,
				     "guest name '%s' must start with a letter or digit", name);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (!(isascii(c) && (isalnum(c) || c == '_' || c == '-' || c == '.')))
			return vsm_error_set(err, EINVAL,
					     "guest name '%s': character %zu is not one of "
					     "A-Z a-z 0-9 _ - .", name, i + 1);
	}
	if (strstr(name, "..") || name[n - 1] == '.')
		return vsm_error_set(err, EINVAL,
				     "guest name '%s' may not contain '..' or end in '.'", name);
	return 0;
}

bool guest_name_is_valid(const char *name)
{
	return guest_name_check(name, NULL) == 0;
}
