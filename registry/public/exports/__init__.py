"""The public lists' downloads (SPEC §4.1), read from each list's declaration (public.tables).

`values`: the export value of each column, with its SQL twin; `copy`: the COPY statement that
writes them on PostgreSQL; `responses`: the streamed answers. The cells, the formula guard and
the file itself are registry.web.csv_writer's, which the tracker and the admin use too.
"""
