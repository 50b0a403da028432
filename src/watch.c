#include "watch.h"

#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

/* How long to wait for an editor's further writes after the first event, in ms: a save is
 * often a write, a rename and an attribute change in a row. */
#define WATCH_SETTLE_MS 120

/* Set by the signal handler only; read by the loop. */
static volatile sig_atomic_t watch_stop;

static void on_signal(int sig)
{
	(void)sig;
	watch_stop = 1;
}

struct watcher {
	int fd;
	GHashTable *dirs; /* watch descriptor -> owned folder path */
};

static void watch_dir(struct watcher *w, const char *dir)
{
	const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM;
	int wd = inotify_add_watch(w->fd, dir, mask);
	if (wd >= 0)
		g_hash_table_replace(w->dirs, GINT_TO_POINTER(wd), g_strdup(dir));
}

/* The folders whose files are inputs: the data file's, the layouts', the bodies' and the
 * folders inside it (logos), the people list's and the fonts'. */
static void watch_inputs(struct watcher *w, const struct options *o)
{
	char *layout = cli_layout_path(o);
	const char *files[] = {o->data, layout, o->people};
	for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
		if (!files[i])
			continue;
		char *dir = g_path_get_dirname(files[i]);
		watch_dir(w, dir);
		g_free(dir);
	}
	g_free(layout);
	char *fonts = g_build_filename(o->datadir, "fonts", NULL);
	watch_dir(w, fonts);
	g_free(fonts);
	watch_dir(w, o->bodies);
	GDir *g = g_dir_open(o->bodies, 0, NULL);
	const char *name;
	while (g && (name = g_dir_read_name(g))) {
		char *sub = g_build_filename(o->bodies, name, NULL);
		if (g_file_test(sub, G_FILE_TEST_IS_DIR))
			watch_dir(w, sub);
		g_free(sub);
	}
	if (g)
		g_dir_close(g);
}

/* Reads the pending events into `changed` (full paths). */
static void read_events(struct watcher *w, GHashTable *changed)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n = read(w->fd, buf, sizeof buf);
	for (char *p = buf; n > 0 && p < buf + n;) {
		const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
		const char *dir = g_hash_table_lookup(w->dirs, GINT_TO_POINTER(ev->wd));
		/* Editors' swap and backup files are not inputs. */
		bool scratch = ev->len == 0 || ev->name[0] == '.' || g_str_has_suffix(ev->name, "~") ||
			       strstr(ev->name, ".tmp-");
		if (dir && !scratch)
			g_hash_table_add(changed, g_build_filename(dir, ev->name, NULL));
		p += sizeof *ev + ev->len;
	}
}

/* Waits for a change and for the writes after it to settle; false when interrupted. */
static bool wait_for_changes(struct watcher *w, GHashTable *changed)
{
	struct pollfd p = {.fd = w->fd, .events = POLLIN};
	while (!watch_stop && g_hash_table_size(changed) == 0) {
		if (poll(&p, 1, 500) > 0)
			read_events(w, changed);
	}
	while (!watch_stop && poll(&p, 1, WATCH_SETTLE_MS) > 0)
		read_events(w, changed);
	return !watch_stop;
}

/* Adds to `slugs` the bodies whose files name `word` (a changed body's slug, a logo's file
 * name): regions list their members by slug, bodies their logos by file name. */
static void add_bodies_naming(const struct options *o, const char *word, GPtrArray *slugs)
{
	GDir *g = g_dir_open(o->bodies, 0, NULL);
	const char *name;
	while (g && (name = g_dir_read_name(g))) {
		if (!g_str_has_suffix(name, ".yaml"))
			continue;
		char *path = g_build_filename(o->bodies, name, NULL), *text = NULL;
		if (g_file_get_contents(path, &text, NULL, NULL) && strstr(text, word))
			g_ptr_array_add(slugs, g_strndup(name, strlen(name) - strlen(".yaml")));
		g_free(text);
		g_free(path);
	}
	if (g)
		g_dir_close(g);
}

/* The bodies to re-render for these changes; NULL for everything. */
static char **affected(const struct options *o, GHashTable *changed)
{
	GPtrArray *slugs = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, changed);
	bool all = false;
	while (!all && g_hash_table_iter_next(&it, &key, NULL)) {
		char *dir = g_path_get_dirname(key), *base = g_path_get_basename(key);
		bool in_bodies = !strcmp(dir, o->bodies);
		if (in_bodies && g_str_has_suffix(base, ".yaml")) {
			char *slug = g_strndup(base, strlen(base) - strlen(".yaml"));
			g_ptr_array_add(slugs, g_strdup(slug));
			add_bodies_naming(o, slug, slugs);
			g_free(slug);
		} else if (g_str_has_prefix(dir, o->bodies)) {
			add_bodies_naming(o, base, slugs); /* a logo */
		} else {
			all = true;
		}
		g_free(dir);
		g_free(base);
	}
	char **only = NULL;
	if (!all && slugs->len > 0) {
		/* Each body once, in the order found. */
		GPtrArray *unique = g_ptr_array_new();
		for (guint i = 0; i < slugs->len; i++)
			if (!g_ptr_array_find_with_equal_func(unique, slugs->pdata[i], g_str_equal, NULL))
				g_ptr_array_add(unique, g_strdup(slugs->pdata[i]));
		g_ptr_array_add(unique, NULL);
		only = (char **)g_ptr_array_free(unique, FALSE);
	}
	g_ptr_array_free(slugs, TRUE);
	return only;
}

static void say_time(const char *what)
{
	char stamp[16];
	time_t now = time(NULL);
	strftime(stamp, sizeof stamp, "%H:%M:%S", localtime(&now));
	printf("%s %s\n", stamp, what);
	fflush(stdout);
}

int watch_run(const struct options *o, watch_render_fn render)
{
	struct watcher w = {inotify_init1(IN_CLOEXEC | IN_NONBLOCK),
			    g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free)};
	if (w.fd < 0) {
		fprintf(stderr, "tipsheet: cannot watch files: %s\n", g_strerror(errno));
		g_hash_table_destroy(w.dirs);
		return CLI_EXIT_SOFTWARE;
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	watch_inputs(&w, o);
	say_time("rendering everything");
	render(o, NULL);
	say_time("watching for changes (Ctrl-C stops)");
	GHashTable *changed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	while (wait_for_changes(&w, changed)) {
		char **only = affected(o, changed);
		char *what = only ? g_strjoinv(", ", only) : g_strdup("everything");
		char *line = g_strdup_printf("changed: rendering %s", what);
		say_time(line);
		render(o, only);
		g_free(line);
		g_free(what);
		g_strfreev(only);
		g_hash_table_remove_all(changed);
		watch_inputs(&w, o); /* a new logo folder, a recreated bodies folder */
	}
	g_hash_table_destroy(changed);
	g_hash_table_destroy(w.dirs);
	close(w.fd);
	return CLI_EXIT_OK;
}
