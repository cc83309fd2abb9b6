<qgis>
  <renderer-v2 type="singleSymbol">
    <symbols>
      <symbol name="0" type="line">
        <layer class="SimpleLine">
          <Option type="Map">
            <Option name="line_color" type="QString" value="204,0,0,255"/>
            <Option name="line_style" type="QString" value="dash"/>
            <Option name="line_width" type="QString" value="0.8"/>
            <Option name="line_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <layerOpacity>0.9</layerOpacity>
</qgis>
