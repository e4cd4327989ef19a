/*
 * dmasim_kreplay.c - replay a dmasim op table against the real DMA API.
 *
 * Part of dmasim (tools/kcheck).  This file is our own code; it is copied
 * into a scratch kernel tree by build-kernel.sh and linked in as builtin code
 * (no module, no MODULE_LICENSE).  It is never part of a kernel we ship.
 *
 * What it does, from a late_initcall:
 *   1. registers a platform driver "dmasim" and NDEV platform devices
 *      "dmasim.0", "dmasim.1", ... (64-bit DMA mask) which bind to it, and
 *      registers the platform bus with dma-debug so that driver unbind runs
 *      the leak check (the PCI bus does the same for PCI devices);
 *   2. turns on dma-debug's "all_errors" knob (debugfs dma-api/all_errors;
 *      there is no boot parameter for it in 5.10 .. 7.3; see
 *      dmasim_all_errors());
 *   3. reads the op table (text, produced by gen-optable.py) from
 *      /dmasim.ops in the initramfs, or uses the compiled-in table
 *      (dmasim_optable.h) if there is no such file;
 *   4. executes it, printing "dmasim-op N" before trace op N, then
 *      "dmasim-done", and resets the machine (run qemu with -no-reboot).
 *
 * Op table grammar (one record per line, decimal integers, '#' comments):
 *   ndev N                  number of platform devices (first record)
 *   arena ORDER [BASE]      alloc_pages order of the buffer arena; BASE is
 *                           the trace address the arena's start stands for
 *                           (only echoed, for parse-log.py)
 *   N nop                   trace op N does nothing in the kernel
 *   N ms H DEV OFF LEN DIR ATTRS    dma_map_single_attrs(arena+OFF)
 *   N mp H DEV OFF LEN DIR ATTRS    dma_map_page_attrs(page of arena+OFF)
 *   N mg H DEV DIR ATTRS CAP K OFF1 LEN1 ... OFFK LENK
 *                           dma_map_sg_attrs over K elements of a list of
 *                           CAP entries (CAP >= K; extra entries are empty
 *                           so that a larger nents on unmap_sg stays in
 *                           bounds)
 *   N me H                  dma_mapping_error(handle address)
 *   N us H SIZE DIR         dma_unmap_single(handle address, SIZE, DIR)
 *   N ug H NENTS DIR        dma_unmap_sg(handle list, NENTS, DIR); on a
 *                           single handle a list of NENTS entries is made
 *                           whose first entry is the single mapping
 *   N sc H OFF LEN DIR W    dma_sync_single_{range_,}for_cpu (W=1: whole)
 *   N sd H OFF LEN DIR W    dma_sync_single_{range_,}for_device
 *   N gc H NENTS DIR        dma_sync_sg_for_cpu
 *   N gd H NENTS DIR        dma_sync_sg_for_device
 *   N ub DEV                device_release_driver (unbind)
 * DIR is the kernel's enum dma_data_direction value.  ATTRS uses the 7.x
 * bit values: SKIP_CPU_SYNC 1<<5, DEBUGGING_IGNORE_CACHELINES 1<<11,
 * REQUIRE_COHERENT 1<<12; bits this kernel does not define are dropped.
 * Builds on Debian's 5.10, 6.1, 6.12 and 7.3 (LINUX_VERSION_CODE guards).  The device of an
 * op on a handle is the device the handle was mapped for.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/debugfs.h>
#include <linux/dcache.h>
#include <linux/initrd.h>
#include <linux/kernel_read_file.h>
#include <linux/platform_device.h>
#include <linux/dma-mapping.h>
#include <linux/dma-map-ops.h>	/* dma_debug_add_bus */
#include <linux/scatterlist.h>
#include <linux/reboot.h>
#include <linux/version.h>

#include "dmasim_optable.h"	/* defines dmasim_builtin_ops (may be "") */

#define DMASIM_MAX_DEV 8
#define DMASIM_MAX_HANDLES 4096
#define DMASIM_MAX_ELEMS 256

/*
 * The attribute bits of the op table are the 7.x values (gen-optable.py);
 * a kernel that lacks an attribute gets it stripped (dmasim_attrs()), which
 * is what passing "nothing" for it means there.
 */
#define DMASIM_ATTR_SKIP_CPU_SYNC	(1UL << 5)
#define DMASIM_ATTR_IGNORE_CACHELINES	(1UL << 11)
#define DMASIM_ATTR_REQUIRE_COHERENT	(1UL << 12)

#ifdef DMA_ATTR_DEBUGGING_IGNORE_CACHELINES
static_assert(DMA_ATTR_DEBUGGING_IGNORE_CACHELINES == DMASIM_ATTR_IGNORE_CACHELINES);
#define DMASIM_HAS_IGNORE_CACHELINES DMASIM_ATTR_IGNORE_CACHELINES
#else
#define DMASIM_HAS_IGNORE_CACHELINES 0
#endif
#ifdef DMA_ATTR_REQUIRE_COHERENT
static_assert(DMA_ATTR_REQUIRE_COHERENT == DMASIM_ATTR_REQUIRE_COHERENT);
#define DMASIM_HAS_REQUIRE_COHERENT DMASIM_ATTR_REQUIRE_COHERENT
#else
#define DMASIM_HAS_REQUIRE_COHERENT 0
#endif
#define DMASIM_KNOWN_ATTRS (DMASIM_ATTR_SKIP_CPU_SYNC | \
			    DMASIM_HAS_IGNORE_CACHELINES | \
			    DMASIM_HAS_REQUIRE_COHERENT)

static unsigned long dmasim_attrs(long long v)
{
	return (unsigned long)v & DMASIM_KNOWN_ATTRS;
}

struct dmasim_handle {
	bool used;
	bool is_sg;
	int dev;
	dma_addr_t addr;	/* single: mapping; sg: first DMA segment */
	size_t size;
	void *cpu;
	struct scatterlist *sgl;
	int nents, cap, mapped;
};

static struct platform_device *dmasim_pdev[DMASIM_MAX_DEV];
static int dmasim_ndev;
static struct dmasim_handle *dmasim_h;
static u8 *dmasim_arena;
static unsigned long dmasim_arena_size;

static int dmasim_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver dmasim_driver = {
	.probe = dmasim_probe,
	.driver = { .name = "dmasim" },
};

static struct device *hdev(int dev)
{
	return &dmasim_pdev[dev]->dev;
}

/* Parse up to max unsigned/signed integers from *p; returns count. */
static int read_ints(char **p, long long *v, int max)
{
	int n = 0;

	while (n < max) {
		char *s = *p, *e;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		e = s;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (*e)
			*e++ = 0;
		if (kstrtoll(s, 0, &v[n]))
			return -EINVAL;
		n++;
		*p = e;
	}
	return n;
}

static struct dmasim_handle *geth(long long h)
{
	if (h < 0 || h >= DMASIM_MAX_HANDLES)
		return NULL;
	return &dmasim_h[h];
}

static bool in_arena(long long off, long long len)
{
	return off >= 0 && len >= 0 && off + len <= (long long)dmasim_arena_size;
}

static int do_op(long long opn, const char *cmd, char *rest)
{
	static long long v[8 + 2 * DMASIM_MAX_ELEMS];
	int n = read_ints(&rest, v, ARRAY_SIZE(v));
	struct dmasim_handle *h;

	if (n < 0)
		return -EINVAL;
	if (!strcmp(cmd, "nop"))
		return 0;
	if (!strcmp(cmd, "ub")) {
		if (n != 1 || v[0] < 0 || v[0] >= dmasim_ndev)
			return -EINVAL;
		device_release_driver(hdev(v[0]));
		return 0;
	}
	if (n < 1 || !(h = geth(v[0])))
		return -EINVAL;

	if (!strcmp(cmd, "ms") || !strcmp(cmd, "mp")) {
		/* H DEV OFF LEN DIR ATTRS */
		void *cpu;

		if (n != 6 || h->used || v[1] < 0 || v[1] >= dmasim_ndev ||
		    !in_arena(v[2], v[3]))
			return -EINVAL;
		cpu = dmasim_arena + v[2];
		h->used = true;
		h->dev = v[1];
		h->size = v[3];
		h->cpu = cpu;
		if (cmd[1] == 's')
			h->addr = dma_map_single_attrs(hdev(h->dev), cpu, v[3],
						       v[4], dmasim_attrs(v[5]));
		else
			h->addr = dma_map_page_attrs(hdev(h->dev),
						     virt_to_page(cpu),
						     offset_in_page(cpu), v[3],
						     v[4], dmasim_attrs(v[5]));
		/* not dma_mapping_error(): that would mark the entry checked */
		if (h->addr == DMA_MAPPING_ERROR)
			pr_info("dmasim-note map failed\n");
		return 0;
	}
	if (!strcmp(cmd, "mg")) {
		/* H DEV DIR ATTRS CAP K (OFF LEN)*K */
		int k, cap, i;

		if (n < 6 || h->used || v[1] < 0 || v[1] >= dmasim_ndev)
			return -EINVAL;
		cap = v[4];
		k = v[5];
		if (k < 1 || cap < k || cap > 4096 || n != 6 + 2 * k)
			return -EINVAL;
		h->sgl = kcalloc(cap, sizeof(*h->sgl), GFP_KERNEL);
		if (!h->sgl)
			return -ENOMEM;
		sg_init_table(h->sgl, cap);
		for (i = 0; i < k; i++) {
			if (!in_arena(v[6 + 2 * i], v[7 + 2 * i]))
				return -EINVAL;
			sg_set_buf(&h->sgl[i], dmasim_arena + v[6 + 2 * i],
				   v[7 + 2 * i]);
		}
		h->used = true;
		h->is_sg = true;
		h->dev = v[1];
		h->nents = k;
		h->cap = cap;
		h->cpu = dmasim_arena + v[6];
		h->size = v[7];
		h->mapped = dma_map_sg_attrs(hdev(h->dev), h->sgl, k, v[2],
					     dmasim_attrs(v[3]));
		h->addr = sg_dma_address(&h->sgl[0]);
		if (h->mapped <= 0)
			pr_info("dmasim-note map_sg returned %d\n", h->mapped);
		return 0;
	}
	if (!h->used)
		return -EINVAL;
	if (!strcmp(cmd, "me")) {
		if (n != 1)
			return -EINVAL;
		(void)dma_mapping_error(hdev(h->dev), h->addr);
		return 0;
	}
	if (!strcmp(cmd, "us")) {
		if (n != 3)
			return -EINVAL;
		dma_unmap_single(hdev(h->dev), h->addr, v[1], v[2]);
		return 0;
	}
	if (!strcmp(cmd, "ug")) {
		struct scatterlist *sgl;
		int nents = v[1];

		if (n != 3 || nents < 1 || nents > 4096)
			return -EINVAL;
		if (h->is_sg) {
			if (nents > h->cap)
				return -EINVAL;
			dma_unmap_sg(hdev(h->dev), h->sgl, nents, v[2]);
			return 0;
		}
		/* unmap_sg on a single mapping: a list whose entry 0 is it */
		sgl = kcalloc(nents, sizeof(*sgl), GFP_KERNEL);
		if (!sgl)
			return -ENOMEM;
		sg_init_table(sgl, nents);
		sg_set_buf(&sgl[0], h->cpu, h->size);
		sg_dma_address(&sgl[0]) = h->addr;
		sg_dma_len(&sgl[0]) = h->size;
		dma_unmap_sg(hdev(h->dev), sgl, nents, v[2]);
		kfree(sgl);
		return 0;
	}
	if (!strcmp(cmd, "sc") || !strcmp(cmd, "sd")) {
		/* H OFF LEN DIR WHOLE */
		struct device *d = hdev(h->dev);

		if (n != 5)
			return -EINVAL;
		if (cmd[1] == 'c') {
			if (v[4])
				dma_sync_single_for_cpu(d, h->addr, v[2], v[3]);
			else
				dma_sync_single_range_for_cpu(d, h->addr, v[1],
							      v[2], v[3]);
		} else {
			if (v[4])
				dma_sync_single_for_device(d, h->addr, v[2],
							   v[3]);
			else
				dma_sync_single_range_for_device(d, h->addr,
								 v[1], v[2],
								 v[3]);
		}
		return 0;
	}
	if (!strcmp(cmd, "gc") || !strcmp(cmd, "gd")) {
		/* H NENTS DIR */
		if (n != 3 || !h->is_sg || v[1] < 1 || v[1] > h->cap)
			return -EINVAL;
		if (cmd[1] == 'c')
			dma_sync_sg_for_cpu(hdev(h->dev), h->sgl, v[1], v[2]);
		else
			dma_sync_sg_for_device(hdev(h->dev), h->sgl, v[1],
					       v[2]);
		return 0;
	}
	return -EINVAL;
}

/*
 * Set dma-debug's debugfs knob dma-api/all_errors to 1.  The file is a
 * debugfs u32 whose inode's i_private is the variable it reads and writes;
 * its write method only takes user pointers (and kernel_write() refuses
 * debugfs attribute files), so we look the file up and store 1 through
 * i_private, which is exactly what a write of "1" to the file does.
 */
static void __init dmasim_all_errors(void)
{
	struct dentry *dir, *f;
	u32 *val;

	dir = debugfs_lookup("dma-api", NULL);
	if (IS_ERR_OR_NULL(dir)) {
		pr_info("dmasim-note no debugfs dma-api directory\n");
		return;
	}
	f = debugfs_lookup("all_errors", dir);
	if (IS_ERR_OR_NULL(f)) {
		pr_info("dmasim-note no dma-api/all_errors\n");
		dput(dir);
		return;
	}
	val = d_inode(f)->i_private;
	*val = 1;
	pr_info("dmasim-note all_errors=%u\n", *val);
	dput(f);
	dput(dir);
}

static int __init dmasim_kreplay_init(void)
{
	char *table = NULL, *line, *next;
	void *filebuf = NULL;
	ssize_t len;
	int order = 0, i, lineno = 0;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 12, 0)
	wait_for_initramfs();	/* before 5.12 rootfs_initcall unpacked it */
#endif
	len = kernel_read_file_from_path("/dmasim.ops", 0, &filebuf, INT_MAX,
					 NULL, READING_UNKNOWN);
	if (len > 0) {
		table = kmalloc(len + 1, GFP_KERNEL);
		if (table) {
			memcpy(table, filebuf, len);
			table[len] = 0;
		}
		vfree(filebuf);
		pr_info("dmasim-note op table from /dmasim.ops (%zd bytes)\n",
			len);
	} else if (dmasim_builtin_ops[0]) {
		table = kstrdup(dmasim_builtin_ops, GFP_KERNEL);
		pr_info("dmasim-note builtin op table\n");
	} else {
		pr_info("dmasim-note no op table\n");
		return 0;
	}
	if (!table)
		return -ENOMEM;

	dmasim_h = kcalloc(DMASIM_MAX_HANDLES, sizeof(*dmasim_h), GFP_KERNEL);
	if (!dmasim_h)
		return -ENOMEM;

	if (platform_driver_register(&dmasim_driver))
		pr_info("dmasim-note driver register failed\n");
	dma_debug_add_bus(&platform_bus_type);
	dmasim_all_errors();

	for (line = table; line; line = next) {
		char *cmd, *p;
		long long opn;

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		p = strchr(line, '#');
		if (p)
			*p = 0;
		p = skip_spaces(line);
		if (!*p)
			continue;
		cmd = strsep(&p, " \t");
		if (!strcmp(cmd, "ndev") || !strcmp(cmd, "arena")) {
			long long a[2] = { 0, 0 };
			int na = p ? read_ints(&p, a, 2) : 0;

			if (na < 1)
				goto bad;
			if (cmd[0] == 'n') {
				if (na != 1 || a[0] < 1 || a[0] > DMASIM_MAX_DEV)
					goto bad;
				for (i = 0; i < a[0]; i++) {
					struct platform_device_info pi = {
						.name = "dmasim",
						.id = i,
						.dma_mask = DMA_BIT_MASK(64),
					};
					dmasim_pdev[i] =
						platform_device_register_full(&pi);
					if (IS_ERR(dmasim_pdev[i]))
						goto bad;
					pr_info("dmasim-note device %s driver %s\n",
						dev_name(&dmasim_pdev[i]->dev),
						dev_driver_string(&dmasim_pdev[i]->dev));
				}
				dmasim_ndev = a[0];
			} else {
				struct page *pg;

				/* arena ORDER [TRACEBASE] */
				if (a[0] < 0 || a[0] > 10 || dmasim_arena)
					goto bad;
				order = a[0];
				pg = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
				if (!pg)
					goto bad;
				dmasim_arena = page_address(pg);
				dmasim_arena_size = PAGE_SIZE << order;
				/* parse-log.py maps kernel addresses back to the
				 * trace's with this line */
				pr_info("dmasim-note arena order %d phys 0x%llx size 0x%lx tracebase 0x%llx\n",
					order,
					(unsigned long long)virt_to_phys(dmasim_arena),
					dmasim_arena_size, a[1]);
			}
			continue;
		}
		if (kstrtoll(cmd, 10, &opn) || !p)
			goto bad;
		while (*p == ' ' || *p == '\t')
			p++;
		cmd = strsep(&p, " \t");
		if (!dmasim_ndev || !dmasim_arena)
			goto bad;
		pr_info("dmasim-op %lld\n", opn);
		if (do_op(opn, cmd, p ? p : (char *)""))
			goto bad;
	}
	pr_info("dmasim-done\n");
	emergency_restart();
	return 0;
bad:
	pr_info("dmasim-error bad op table line %d\n", lineno);
	pr_info("dmasim-done\n");
	emergency_restart();
	return 0;
}
late_initcall(dmasim_kreplay_init);
