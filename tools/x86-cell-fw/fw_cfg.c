/* QEMU's firmware configuration device (fw_cfg) on x86: a 16-bit selector
 * port 0x510 (little-endian) and a data port 0x511 read a byte at a time;
 * selecting an item rewinds it. Key 0x0000 reads "QEMU" when the device
 * is there; key 0x0019 is the file directory: a big-endian 32-bit count,
 * then 64-byte entries { be32 size, be16 select, u16 reserved,
 * char name[56] }. QEMU docs/specs/fw_cfg.rst. */
#include "fw.h"

#include "arch_io.h"

#define FW_CFG_PORT_SELECTOR 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_KEY_SIGNATURE 0x0000
#define FW_CFG_KEY_FILE_DIR 0x0019
#define FW_CFG_NAME_SIZE 56

struct fw_cfg_file {
	uint32_t size_be;
	uint16_t select_be;
	uint16_t reserved;
	char name[FW_CFG_NAME_SIZE];
};

_Static_assert(sizeof(struct fw_cfg_file) == 64, "64-byte directory entries");

static void fw_cfg_select(uint16_t key)
{
	outw(FW_CFG_PORT_SELECTOR, key);
}

/* The next `size` bytes of the selected item. */
static void fw_cfg_data(void *dst, uint32_t size)
{
	__asm__ volatile("rep insb" : "+D"(dst), "+c"(size)
			 : "d"((uint16_t)FW_CFG_PORT_DATA) : "memory");
}

static uint32_t be32(uint32_t v)
{
	return __builtin_bswap32(v);
}

static uint16_t be16(uint16_t v)
{
	return __builtin_bswap16(v);
}

bool fw_cfg_present(void)
{
	char sig[4];

	fw_cfg_select(FW_CFG_KEY_SIGNATURE);
	fw_cfg_data(sig, sizeof(sig));
	return memcmp(sig, "QEMU", sizeof(sig)) == 0;
}

static bool fw_cfg_name_is(const struct fw_cfg_file *f, const char *name)
{
	size_t n = 0;

	while (name[n])
		n++;
	return n < FW_CFG_NAME_SIZE && memcmp(f->name, name, n + 1) == 0;
}

bool fw_cfg_find(const char *name, uint32_t *size, uint16_t *key)
{
	struct fw_cfg_file f;
	uint32_t count;

	fw_cfg_select(FW_CFG_KEY_FILE_DIR);
	fw_cfg_data(&count, sizeof(count));
	for (count = be32(count); count; count--) {
		fw_cfg_data(&f, sizeof(f));
		if (fw_cfg_name_is(&f, name)) {
			*size = be32(f.size_be);
			*key = be16(f.select_be);
			return true;
		}
	}
	return false;
}

void fw_cfg_read(uint16_t key, void *dst, uint32_t size)
{
	fw_cfg_select(key);
	fw_cfg_data(dst, size);
}

/* A file holding one number, decimal or 0x-prefixed hex, up to `max`;
 * `why` says what it must be when the text is anything else. */
bool fw_cfg_string(const char *name, char *buf, uint32_t size,
		   const char *why)
{
	uint32_t len;
	uint16_t key;

	if (!fw_cfg_find(name, &len, &key))
		return false;
	if (len >= size)
		fw_fail(why);
	fw_cfg_read(key, buf, len);
	buf[len] = '\0';
	return true;
}

bool fw_cfg_number(const char *name, uint32_t max, const char *why,
		   uint32_t *value)
{
	char text[12];
	uint32_t size, base = 10, n = 0;
	const char *c = text;
	uint16_t key;

	if (!fw_cfg_find(name, &size, &key))
		return false;
	if (size == 0 || size >= sizeof(text))
		fw_fail(why);
	fw_cfg_read(key, text, size);
	text[size] = '\0';
	if (c[0] == '0' && c[1] == 'x') {
		base = 16;
		c += 2;
	}
	if (!*c)
		fw_fail(why);
	for (; *c; c++) {
		uint32_t d = *c >= '0' && *c <= '9' ? (uint32_t)(*c - '0')
			   : *c >= 'a' && *c <= 'f' ? (uint32_t)(*c - 'a' + 10)
						    : 16u;

		/* n * base + d <= max, without wrapping below 0 or 2^32. */
		if (d >= base || d > max || n > (max - d) / base)
			fw_fail(why);
		n = n * base + d;
	}
	*value = n;
	return true;
}
