/* printf-style formatting; the contract is in fmt.h.
 *
 * Literal text goes to the output function as it stands in the format.
 * A conversion goes out as one field of five runs: left padding, prefix
 * (sign, "0x"), zeros, body, right padding. Only a number's digits are
 * put in a buffer; zeros and padding are streamed from constant strings,
 * so stack use does not depend on width or precision. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"
#include "kstring.h"

#define FMT_INT_MAX	((int)(~0u >> 1))
#define FMT_BITS(type)	((unsigned int)sizeof(type) * 8)
/* A prefix of up to 3 characters, then digits (22 for a 64-bit octal). */
#define FMT_BUF_SIZE	26

/* An integer argument is read as unsigned int or unsigned long long,
 * whichever has its size: every ABI we build for passes integers of one
 * size alike, signed or not. */
_Static_assert(sizeof(int) == 4 && sizeof(long long) == 8 &&
	       sizeof(intmax_t) == 8, "unexpected integer sizes");

enum {
	FMT_LEFT = 1 << 0,	/* '-'; the order matches fmt_flag_chars */
	FMT_ZERO = 1 << 1,	/* '0' */
	FMT_SPACE = 1 << 2,	/* ' ' */
	FMT_PLUS = 1 << 3,	/* '+' */
	FMT_ALT = 1 << 4,	/* '#' */
	FMT_WIDTH_ARG = 1 << 5,	/* width is '*' */
	FMT_PREC_ARG = 1 << 6,	/* precision is '*' */
	FMT_LEN = 1 << 7,	/* a length modifier was given */
};

static const char fmt_flag_chars[] = "-0 +#";
#define FMT_NFLAGS	(sizeof(fmt_flag_chars) - 1)

/* What a conversion accepts and prints. */
enum {
	FMT_TAKES_LEN = 1 << 0,	/* a length modifier */
	FMT_SIGNED = 1 << 1,	/* may be negative; '+' and ' ' apply */
	FMT_PTR = 1 << 2,	/* a void *, always with "0x" */
	FMT_ALT_0X = 1 << 3,	/* '#' adds "0x" to a non-zero value */
	FMT_ALT_0 = 1 << 4,	/* '#' makes the first digit a 0 */
	FMT_UPPER = 1 << 5,	/* upper-case digits and "0X" */
};

struct fmt_conv {
	char c;
	unsigned char base;	/* 0: not a number */
	unsigned char props;
};

static const struct fmt_conv fmt_convs[] = {
	{ '%', 0, 0 },
	{ 'c', 0, 0 },
	{ 's', 0, 0 },
	{ 'p', 16, FMT_PTR },
	{ 'd', 10, FMT_TAKES_LEN | FMT_SIGNED },
	{ 'i', 10, FMT_TAKES_LEN | FMT_SIGNED },
	{ 'u', 10, FMT_TAKES_LEN },
	{ 'o', 8, FMT_TAKES_LEN | FMT_ALT_0 },
	{ 'x', 16, FMT_TAKES_LEN | FMT_ALT_0X },
	{ 'X', 16, FMT_TAKES_LEN | FMT_ALT_0X | FMT_UPPER },
};

/* Length modifiers and the width of their argument; hh and ll are a
 * doubled h and l. */
static const char fmt_len_chars[] = "hlztj";
static const unsigned char fmt_len_bits[] = {
	FMT_BITS(short), FMT_BITS(long), FMT_BITS(size_t),
	FMT_BITS(ptrdiff_t), FMT_BITS(intmax_t),
};

/* Digits, then the letter of the "0x" prefix, in both cases. */
static const char fmt_digits[] = "0123456789abcdefx0123456789ABCDEFX";

/* Padding and zeros go out up to this many at a time. */
#define FMT_PAD_RUN	16
static const char fmt_spaces[FMT_PAD_RUN + 1] = "                ";
static const char fmt_zeros[FMT_PAD_RUN + 1] = "0000000000000000";

struct fmt_spec {
	const struct fmt_conv *conv;	/* NULL: unknown */
	unsigned int flags;
	int width;
	int prec;			/* -1: none */
	unsigned int bits;		/* width of an integer argument */
};

/* One run of a field: n characters from s, or n copies of *s taken from
 * a string of FMT_PAD_RUN of them. */
struct fmt_run {
	const char *s;
	size_t n;
};

struct fmt_buf {
	char *buf;
	size_t size;
	size_t pos;
};

/* Outputs a field: runs 1 and 3 (sign or prefix, body) whole; runs 0, 2
 * and 4 (padding, zeros) FMT_PAD_RUN characters at a time. */
static size_t fmt_emit(fmt_out_fn out, void *ctx, const struct fmt_run *run)
{
	size_t count = 0;

	for (unsigned int i = 0; i < 5; i++) {
		size_t n = run[i].n;

		count += n;
		while (n) {
			size_t k = (i & 1) || n < FMT_PAD_RUN ? n : FMT_PAD_RUN;

			out(ctx, run[i].s, k);
			n -= k;
		}
	}
	return count;
}

/* Index of c in set, or the length of set if absent (also for '\0'). */
static unsigned int fmt_index(const char *set, char c)
{
	unsigned int i = 0;

	while (set[i] && set[i] != c)
		i++;
	return i;
}

/* Parses a width or precision. A '*' is only noted in *flags, so that an
 * unknown conversion leaves the arguments alone. A number saturates
 * instead of overflowing: such a field could not be output anyway. */
static const char *fmt_parse_num(const char *s, int *num, unsigned int *flags,
				 unsigned int star)
{
	int n = 0;

	if (*s == '*') {
		*flags |= star;
		return s + 1;
	}
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > (FMT_INT_MAX - 9) / 10)
			n = FMT_INT_MAX;
		else
			n = n * 10 + (*s - '0');
	}
	*num = n;
	return s;
}

static const char *fmt_parse_len(const char *s, struct fmt_spec *sp)
{
	unsigned int i = fmt_index(fmt_len_chars, *s);

	sp->bits = FMT_BITS(int);
	if (i >= sizeof(fmt_len_bits))
		return s;
	sp->flags |= FMT_LEN;
	sp->bits = fmt_len_bits[i];
	if ((*s == 'h' || *s == 'l') && s[1] == *s) {
		sp->bits = *s == 'l' ? FMT_BITS(long long) : FMT_BITS(char);
		s++;
	}
	return s + 1;
}

/* Wide characters are not supported, so a length on %c or %s is taken
 * for a mistake rather than read as the wrong type. */
static const struct fmt_conv *fmt_conv_find(char c, unsigned int flags)
{
	const struct fmt_conv *conv = fmt_convs;
	const struct fmt_conv *end = conv + sizeof(fmt_convs) / sizeof(*conv);

	for (; conv < end; conv++) {
		if (conv->c != c)
			continue;
		if ((flags & FMT_LEN) && !(conv->props & FMT_TAKES_LEN))
			return NULL;
		return conv;
	}
	return NULL;
}

/* Parses what follows the '%' up to the conversion character, which it
 * returns a pointer to. */
static const char *fmt_parse_spec(const char *s, struct fmt_spec *sp)
{
	unsigned int i;

	/* The flags lie between ' ' and '0': most conversions have none
	 * and pass this test without the search. */
	while (*s >= ' ' && *s <= '0' &&
	       (i = fmt_index(fmt_flag_chars, *s)) < FMT_NFLAGS) {
		sp->flags |= 1u << i;
		s++;
	}
	s = fmt_parse_num(s, &sp->width, &sp->flags, FMT_WIDTH_ARG);
	if (*s == '.')
		s = fmt_parse_num(s + 1, &sp->prec, &sp->flags, FMT_PREC_ARG);
	s = fmt_parse_len(s, sp);
	sp->conv = fmt_conv_find(*s, sp->flags);
	return s;
}

/* Reads '*' width and precision, in that order, as C99 requires. */
static void fmt_fetch_stars(struct fmt_spec *sp, va_list *ap)
{
	if (sp->flags & FMT_WIDTH_ARG) {
		int w = va_arg(*ap, int);

		if (w < 0) {
			sp->flags |= FMT_LEFT;
			w = w < -FMT_INT_MAX ? FMT_INT_MAX : -w;
		}
		sp->width = w;
	}
	if (sp->flags & FMT_PREC_ARG) {
		int p = va_arg(*ap, int);

		sp->prec = p < 0 ? -1 : p;
	}
}

/* Returns the magnitude of a numeric argument; sets *sign if negative.
 * Narrow arguments arrive promoted to int and are cut to sp->bits. */
static uint64_t fmt_fetch_num(const struct fmt_spec *sp, va_list *ap,
			      char *sign)
{
	unsigned int props = sp->conv->props;
	uint64_t v;

	if (props & FMT_PTR)
		return (uintptr_t)va_arg(*ap, void *);
	if (sp->bits > 32) {
		v = va_arg(*ap, unsigned long long);
	} else {
		unsigned int cut = 32 - sp->bits;
		uint32_t x = va_arg(*ap, unsigned int) << cut;

		/* GCC shifts a negative int arithmetically. */
		if (props & FMT_SIGNED)
			v = (uint64_t)((int32_t)x >> cut);
		else
			v = x >> cut;
	}
	if ((props & FMT_SIGNED) && (int64_t)v < 0) {
		*sign = '-';
		v = ~v + 1;
	}
	return v;
}

/* Divides *v by base (8, 10 or 16) and returns the remainder. Working 16
 * bits at a time, a 32-bit target needs only 32-bit division by a
 * constant, which is a multiply, and no libgcc helper. A value below
 * 2^32, as most are, needs two rounds of the four. */
static unsigned int fmt_divmod(uint64_t *v, unsigned int base)
{
	uint64_t n = *v, q = 0;
	uint32_t r = 0;
	int i = 0;

	/* A value below 2^32 has nothing to divide in its top half. */
	if (!(n >> 32)) {
		n <<= 32;
		i = 2;
	}
	for (; i < 4; i++) {
		uint32_t cur = r << 16 | (uint32_t)(n >> 48);
		uint32_t d;

		/* Constant divisors: a multiply or a shift each. */
		if (base == 10)
			d = cur / 10;
		else if (base == 16)
			d = cur / 16;
		else
			d = cur / 8;
		n <<= 16;
		q = q << 16 | d;
		r = cur - d * base;
	}
	*v = q;
	return r;
}

/* Fills run[1..3] for a number: the prefix from buf[0], the digits
 * backwards from buf[FMT_BUF_SIZE]. Returns whether the '0' flag pads. */
static bool fmt_format_num(const struct fmt_spec *sp, va_list *ap, char *buf,
			   struct fmt_run *run)
{
	unsigned int props = sp->conv->props;
	const char *digits = fmt_digits + (props & FMT_UPPER ? 17 : 0);
	char *p = buf + FMT_BUF_SIZE, *q = buf;
	char sign = 0;
	uint64_t v;
	int zeros;

	/* glibc honours '+' and ' ' for %p too. */
	if (props & (FMT_SIGNED | FMT_PTR)) {
		if (sp->flags & FMT_PLUS)
			sign = '+';
		else if (sp->flags & FMT_SPACE)
			sign = ' ';
	}
	v = fmt_fetch_num(sp, ap, &sign);
	if (sign)
		*q++ = sign;
	if ((props & FMT_PTR) ||
	    ((props & FMT_ALT_0X) && (sp->flags & FMT_ALT) && v)) {
		*q++ = '0';
		*q++ = digits[16];
	}
	run[1].n = (size_t)(q - buf);
	/* No digits for 0: the precision (1 by default) supplies the "0",
	 * and "%.0d" of 0 prints nothing, as C requires. */
	while (v)
		*--p = digits[fmt_divmod(&v, sp->conv->base)];
	run[3].s = p;
	run[3].n = (size_t)(buf + FMT_BUF_SIZE - p);
	zeros = (sp->prec < 0 ? 1 : sp->prec) - (int)run[3].n;
	if ((props & FMT_ALT_0) && (sp->flags & FMT_ALT) && zeros < 1)
		zeros = 1;
	run[2].n = zeros > 0 ? (size_t)zeros : 0;
	/* A precision turns the '0' flag off, as C requires. */
	return (sp->flags & FMT_ZERO) && sp->prec < 0;
}

/* Fills run[] for the conversion at fmt, just past the '%'; returns where
 * the format goes on. buf holds FMT_BUF_SIZE characters. */
static const char *fmt_format_spec(const char *fmt, va_list *ap, char *buf,
				   struct fmt_run *run)
{
	const char *start = fmt - 1;
	struct fmt_spec sp = { .prec = -1 };
	bool zero_pad = false;
	size_t len, pad;
	const char *s;

	fmt = fmt_parse_spec(fmt, &sp);
	if (!sp.conv) {
		/* Echo it, so the mistake shows in the output. */
		if (*fmt)
			fmt++;
		run[3].s = start;
		run[3].n = (size_t)(fmt - start);
		return fmt;
	}
	fmt_fetch_stars(&sp, ap);
	run[1].s = buf;
	run[3].s = buf;
	run[3].n = 1;
	switch (sp.conv->c) {
	case '%':
		/* glibc ignores flags and width here. */
		run[3].s = fmt;
		return fmt + 1;
	case 'c':
		buf[0] = (char)va_arg(*ap, int);
		break;
	case 's':
		s = va_arg(*ap, const char *);
		/* As glibc: a precision too short for "(null)" prints
		 * nothing rather than a misleading part of it. */
		if (!s)
			s = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
		run[3].s = s;
		if (sp.prec < 0)
			run[3].n = strlen(s);
		else
			run[3].n = strnlen(s, (size_t)sp.prec);
		break;
	default:
		zero_pad = fmt_format_num(&sp, ap, buf, run);
		break;
	}
	len = run[1].n + run[2].n + run[3].n;
	pad = (size_t)sp.width > len ? (size_t)sp.width - len : 0;
	if (sp.flags & FMT_LEFT)
		run[4].n = pad;
	else if (zero_pad)
		run[2].n += pad;
	else
		run[0].n = pad;
	return fmt + 1;
}

int fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap)
{
	char buf[FMT_BUF_SIZE];
	size_t count = 0;
	va_list args;

	/* A copy we can pass by address, whatever va_list's type is. */
	va_copy(args, ap);
	while (*fmt) {
		const char *text = fmt;
		size_t n;

		if (*fmt == '%') {
			struct fmt_run run[5] = {
				{ fmt_spaces, 0 }, { NULL, 0 }, { fmt_zeros, 0 },
				{ fmt, 0 }, { fmt_spaces, 0 },
			};

			fmt = fmt_format_spec(fmt + 1, &args, buf, run);
			n = fmt_emit(out, ctx, run);
		} else {
			/* Text up to the next '%' goes out as it is. */
			while (*fmt && *fmt != '%')
				fmt++;
			n = (size_t)(fmt - text);
			out(ctx, text, n);
		}
		/* The count saturates: a 32-bit size_t would wrap at three
		 * fields of INT_MAX characters, and pass for a length. */
		if (__builtin_add_overflow(count, n, &count))
			count = (size_t)-1;
	}
	va_end(args);
	return count > (size_t)FMT_INT_MAX ? -1 : (int)count;
}

static void fmt_buf_put(void *ctx, const char *s, size_t n)
{
	struct fmt_buf *b = ctx;
	/* The last byte is kept for the NUL. */
	size_t room = b->pos < b->size ? b->size - b->pos - 1 : 0;

	if (n > room)
		n = room;
	if (n)
		memcpy(b->buf + b->pos, s, n);
	b->pos += n;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = { buf, size, 0 };
	int n = fmt_vformat(fmt_buf_put, &b, fmt, ap);

	if (size)
		buf[b.pos] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
