/* fixture: the shared base */
