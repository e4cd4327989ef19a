#include "model/export/internal/kunit_runtime.h"

#include "absl/strings/str_replace.h"

namespace dmasim::exporter {
namespace {

// Kernel C, our own. Kept in one literal so the exported file reads as one piece.
constexpr absl::string_view kIncludes = R"C(#include <kunit/test.h>
#include <linux/cache.h>
#include <linux/dcache.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>	/* dma_debug_add_bus() */
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/platform_device.h>
#include <linux/printk.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#ifdef MODULE
#error "build this suite into the kernel (=y): it calls dma_debug_add_bus(), which is not exported to modules"
#endif

/* One allocation the buffers live in, at their trace offsets from `base`. */
struct dmasim_arena_info {
	unsigned int order;
	unsigned long long base;	/* the trace address the allocation's start stands for */
};

/* A mapping handle of the trace: how it was mapped (the cleanup unmaps what is left). */
struct dmasim_handle_info {
	int dev;
	int arena;
	bool sg;
	unsigned int nents;	/* sg: elements mapped */
	size_t arena_off;	/* single: the mapped address; sg: element 0's */
	size_t size;		/* single: the mapped length; sg: element 0's */
	enum dma_data_direction dir;
};
)C";

constexpr absl::string_view kHelpers = R"C(
#define DMASIM_DEV(k) (&c->pdev[(k)]->dev)
#define DMASIM_OP(n) dmasim_step(test, c, (n))

/*
 * dma_debug_add_bus() adds a notifier on every call and has no undo. Every exported suite
 * carries this weak definition, so all suites linked into one kernel share one flag and the
 * platform bus gets one notifier (else an unbind would report its leaks once per suite).
 */
bool dmasim_kunit_bus_added __weak;

struct dmasim_ctx {
	struct platform_device *pdev[DMASIM_NDEV + 1];
	bool driver_registered;
	struct page *pages[DMASIM_NARENAS];
	u8 *arena[DMASIM_NARENAS];
	dma_addr_t addr[DMASIM_NHANDLES + 1];
	struct scatterlist *sgl[DMASIM_NHANDLES + 1];
	bool live[DMASIM_NHANDLES + 1];	/* mapped, and not unmapped by the trace */
	u32 *error_count;		/* dma-debug's, behind debugfs dma-api/error_count */
	u32 errors_before;
	int op;				/* the op being counted; -1 before the first */
};

static int dmasim_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver dmasim_driver = {
	.probe = dmasim_probe,
	.driver = { .name = "dmasim_kunit" },
};

/*
 * dma-debug's debugfs knobs are u32 files whose inode's i_private is the variable; a write
 * of "1" to all_errors is a store of 1 there (kernel_write() refuses debugfs attribute
 * files, and no kernel from 5.10 to 7.x has a boot parameter for it).
 */
static u32 *dmasim_knob(const char *name)
{
	struct dentry *dir, *f;
	u32 *val = NULL;

	dir = debugfs_lookup("dma-api", NULL);
	if (IS_ERR_OR_NULL(dir))
		return NULL;
	f = debugfs_lookup(name, dir);
	if (!IS_ERR_OR_NULL(f)) {
		val = d_inode(f)->i_private;
		dput(f);
	}
	dput(dir);
	return val;
}

/* Checks the op just done against the model's count, then starts op `next` (-1: done). */
static void dmasim_step(struct kunit *test, struct dmasim_ctx *c, int next)
{
	if (c->op >= 0) {
		u32 got = *c->error_count - c->errors_before;

		KUNIT_EXPECT_EQ_MSG(test, got, dmasim_errors[c->op],
				    "op %d: dma-debug counted %u errors, the model predicts %u",
				    c->op, got, dmasim_errors[c->op]);
	}
	c->op = next;
	c->errors_before = *c->error_count;
	if (next >= 0)
		pr_info("dmasim-op %d\n", next);
	else
		pr_info("dmasim-done\n");
}

static void __maybe_unused dmasim_mapped(struct dmasim_ctx *c, int h, bool ok)
{
	c->live[h] = ok;
	if (!ok)
		pr_info("dmasim-note map of handle %d failed\n", h);
}

static struct scatterlist *__maybe_unused dmasim_sg_table(struct kunit *test, unsigned int n)
{
	struct scatterlist *sgl = kcalloc(n, sizeof(*sgl), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sgl);
	sg_init_table(sgl, n);
	return sgl;
}

/* unmap_sg on a single mapping: a list of nents entries whose entry 0 is the mapping. */
static void __maybe_unused dmasim_unmap_single_as_sg(struct kunit *test, struct dmasim_ctx *c,
						     int h, unsigned int nents,
						     enum dma_data_direction dir)
{
	const struct dmasim_handle_info *hi = &dmasim_handles[h];
	struct scatterlist *sgl = dmasim_sg_table(test, nents);

	sg_set_buf(&sgl[0], c->arena[hi->arena] + hi->arena_off, hi->size);
	sg_dma_address(&sgl[0]) = c->addr[h];
	sg_dma_len(&sgl[0]) = hi->size;
	dma_unmap_sg(DMASIM_DEV(hi->dev), sgl, nents, dir);
	kfree(sgl);
	c->live[h] = false;
}

static void __maybe_unused dmasim_cpu_read(const u8 *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		(void)READ_ONCE(p[i]);
}

static int dmasim_init(struct kunit *test)
{
	struct dmasim_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int k;

	if (!c)
		return -ENOMEM;
	test->priv = c;
	c->op = -1;
	if (platform_driver_register(&dmasim_driver))
		return -EBUSY;
	c->driver_registered = true;
	for (k = 0; k < DMASIM_NDEV; k++) {
		struct platform_device_info pi = {
			.name = "dmasim_kunit",
			.id = k,
			.dma_mask = DMA_BIT_MASK(64),
		};
		struct platform_device *pdev = platform_device_register_full(&pi);

		if (IS_ERR(pdev))
			return PTR_ERR(pdev);
		c->pdev[k] = pdev;
	}
	for (k = 0; k < DMASIM_NARENAS; k++) {
		c->pages[k] = alloc_pages(GFP_KERNEL | __GFP_ZERO, dmasim_arenas[k].order);
		if (!c->pages[k])
			return -ENOMEM;
		c->arena[k] = page_address(c->pages[k]);
	}
	return 0;
}

/* Unmaps what the trace left mapped, so that later suites start from an empty table. */
static void dmasim_exit(struct kunit *test)
{
	struct dmasim_ctx *c = test->priv;
	int h, k;

	if (!c)
		return;
	pr_info("dmasim-cleanup\n");
	for (h = 0; h < DMASIM_NHANDLES; h++) {
		const struct dmasim_handle_info *hi = &dmasim_handles[h];

		if (c->live[h] && hi->sg)
			dma_unmap_sg(DMASIM_DEV(hi->dev), c->sgl[h], hi->nents, hi->dir);
		else if (c->live[h])
			dma_unmap_single(DMASIM_DEV(hi->dev), c->addr[h], hi->size, hi->dir);
		kfree(c->sgl[h]);
	}
	for (k = 0; k < DMASIM_NDEV; k++)
		if (c->pdev[k])
			platform_device_unregister(c->pdev[k]);
	if (c->driver_registered)
		platform_driver_unregister(&dmasim_driver);
	for (k = 0; k < DMASIM_NARENAS; k++)
		if (c->pages[k])
			__free_pages(c->pages[k], dmasim_arenas[k].order);
}

/* Skips when the kernel cannot show what the model predicts; else sets dma-debug up. */
static void dmasim_start(struct kunit *test, struct dmasim_ctx *c)
{
	u32 *all_errors = dmasim_knob("all_errors");
	int k;

	c->error_count = dmasim_knob("error_count");
	if (!all_errors || !c->error_count)
		kunit_skip(test, "no debugfs dma-api/all_errors and error_count: needs CONFIG_DMA_API_DEBUG and CONFIG_DEBUG_FS");
	if (L1_CACHE_BYTES != DMASIM_TRACE_LINE)
		kunit_skip(test, "the trace has %d-byte cache lines, this kernel %d: the predictions assume the trace's",
			   DMASIM_TRACE_LINE, L1_CACHE_BYTES);
#ifdef DMASIM_TRACE_DMA_ALIGN
	if (dma_get_cache_alignment() != DMASIM_TRACE_DMA_ALIGN)
		kunit_skip(test, "the trace has dma_align %d, this kernel's dma_get_cache_alignment() is %d: the predictions assume the trace's",
			   DMASIM_TRACE_DMA_ALIGN, dma_get_cache_alignment());
#endif
	*all_errors = 1;
	if (!dmasim_kunit_bus_added) {
		dma_debug_add_bus(&platform_bus_type);
		dmasim_kunit_bus_added = true;
	}
	/* tools/kcheck/parse-log.py maps kernel addresses back to the trace's with these lines */
	for (k = 0; k < DMASIM_NARENAS; k++)
		pr_info("dmasim-note arena order %u phys 0x%llx size 0x%lx tracebase 0x%llx\n",
			dmasim_arenas[k].order, (unsigned long long)virt_to_phys(c->arena[k]),
			PAGE_SIZE << dmasim_arenas[k].order, dmasim_arenas[k].base);
}

)C";

constexpr absl::string_view kSuite = R"C(
static struct kunit_case dmasim_cases[] = {
	KUNIT_CASE(dmasim_replay),
	{}
};

static struct kunit_suite dmasim_suite = {
	.name = "SUITE",
	.init = dmasim_init,
	.exit = dmasim_exit,
	.test_cases = dmasim_cases,
};
kunit_test_suite(dmasim_suite);
)C";

}  // namespace

absl::string_view RuntimeIncludes() { return kIncludes; }
absl::string_view RuntimeHelpers() { return kHelpers; }

std::string SuiteDefinition(absl::string_view suite) {
  return absl::StrReplaceAll(kSuite, {{"SUITE", suite}});
}

}  // namespace dmasim::exporter
