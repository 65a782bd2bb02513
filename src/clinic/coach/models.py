"""The live coach keeps no table of its own.

A set done on the coach page, counted by the camera or logged by hand, is a set of the
day's session in the rehab log (`clinic.programmes.models.SetLog`): one record of what
the runner did, which the "today" page, the clinician's timeline and the weekly
pain-response review all read.
"""
