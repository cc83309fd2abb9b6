<qgis>
  <renderer-v2 type="singleSymbol">
    <symbols>
      <symbol name="0" type="fill">
        <layer class="SimpleFill">
          <Option type="Map">
            <Option name="color" type="QString" value="200,40,40,102"/>
            <Option name="style" type="QString" value="solid"/>
            <Option name="outline_color" type="QString" value="120,0,0,255"/>
            <Option name="outline_style" type="QString" value="solid"/>
            <Option name="outline_width" type="QString" value="0.6"/>
            <Option name="outline_width_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <layerOpacity>0.8</layerOpacity>
</qgis>
