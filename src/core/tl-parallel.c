/* tl-parallel.c
 *
 * Copyright 2026 The Truceline authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tl-parallel.h"

/* Work shared by the cores: every folder that splits a job into
 * independent pieces (the features of a footprint, the parts of a big
 * GeoJSON file, the snapshots of a series) hands them out here.
 */

#define MAX_THREADS 8

typedef struct
{
  TlParallelFunc  func;
  gpointer        data;
  guint           n;
  gint            next;
} Job;

static gpointer
worker (gpointer user_data)
{
  Job *job = user_data;
  guint index;

  while ((index = (guint) g_atomic_int_add (&job->next, 1)) < job->n)
    job->func (job->data, index);

  return NULL;
}

/**
 * tl_parallel_for:
 * @n: how many pieces
 * @thread_name: what the other threads are called, for debuggers
 * @func: called once for each index below @n
 *
 * Calls @func for every index below @n, on as many threads as there are
 * processors (the calling one among them, up to 8), each taking the
 * next index not yet taken, and returns when all are done.  @func must
 * be safe to call from any thread; pieces with lower indices start
 * first.
 */
void
tl_parallel_for (guint           n,
                 const char     *thread_name,
                 TlParallelFunc  func,
                 gpointer        data)
{
  Job job = { func, data, n, 0 };
  guint n_threads = MIN (MIN ((guint) g_get_num_processors (), n), MAX_THREADS);
  GThread *threads[MAX_THREADS];

  for (guint i = 1; i < n_threads; i++)
    threads[i] = g_thread_new (thread_name, worker, &job);
  worker (&job);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);
}
