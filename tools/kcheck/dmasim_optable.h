/* Compiled-in op table for dmasim_kreplay.c; gen-optable.py --header writes
 * a non-empty one.  Empty: the table is read from /dmasim.ops (initramfs). */
static const char dmasim_builtin_ops[] = "";
