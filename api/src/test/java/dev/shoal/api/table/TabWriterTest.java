package dev.shoal.api.table;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TabWriterTest {
    @Test
    void columnsAlignToTheWidestCellPlusPaddingAndTheLastCellIsNotPadded() {
        assertEquals("""
                NAME      AGE
                a         1s
                longname  10m
                """, new TabWriter(0, 2).format("NAME\tAGE\na\t1s\nlongname\t10m\n"));
    }

    @Test
    void minimumWidthApplies() {
        assertEquals("A     B\n", new TabWriter(6, 3).format("A\tB\n"));
    }

    @Test
    void aLineWithoutTabsEndsTheBlockSoSectionsAlignIndependently() {
        assertEquals("""
                Name:  web
                Pod Template:
                  Labels:      app=web
                  Containers:  1
                """, new TabWriter(0, 2).format("Name:\tweb\nPod Template:\n  Labels:\tapp=web\n  Containers:\t1\n"));
    }

    @Test
    void aNestedBlockKeepsTheOuterColumnsWidth() {
        // the second and third lines share column 0 with the first; only they have a column 1
        assertEquals("""
                x       y
                longer  a  b
                z       c  d
                """, new TabWriter(0, 2).format("x\ty\nlonger\ta\tb\nz\tc\td\n"));
    }
}
